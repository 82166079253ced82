import contractText from '../../../../docs/MODEL-CONTRACT.md?raw';

/** Where the contract lives in the repository; the text below is that file, bundled at build time. */
export const MODEL_CONTRACT_PATH = 'docs/MODEL-CONTRACT.md';

/**
 * The model folder contract, shown in place. It is bundled with the app, so
 * it opens the same way offline, in Electron and in web mode, with no file
 * URL, external browser or extra server route; React renders it as text.
 */
export function ModelContract() {
  return (
    <details className="model-contract">
      <summary>Model folder contract ({MODEL_CONTRACT_PATH})</summary>
      <pre tabIndex={0} role="region" aria-label="Model folder contract">
        {contractText}
      </pre>
    </details>
  );
}
