import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { runCodecsInWebWorker } from './features/viewer/codecs/runCodecsInWebWorker';
import './styles.css';

// Every codec decode of the page (viewer, thumbnails, model input) runs in a worker with a time limit.
runCodecsInWebWorker();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
