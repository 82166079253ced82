/**
 * The one module that imports the ML libraries (STYLE habit 5, as
 * transformers.js keeps onnxruntime behind backends/onnx.js). It is only ever
 * loaded inside the inference worker process: onnxruntime-node is known to
 * crash inside Electron's main process.
 */
import * as ort from 'onnxruntime-node';
import {
  PreTrainedTokenizer,
  Qwen2VLImageProcessor,
  RawImage,
  env,
} from '@huggingface/transformers';

// Never reach the network from the runtime: models load from local folders only
// (docs/MODEL-CONTRACT.md "Pitfalls seen").
env.allowRemoteModels = false;
env.useFSCache = false;

export { ort, PreTrainedTokenizer, Qwen2VLImageProcessor, RawImage };
export type OrtSession = ort.InferenceSession;
export type OrtTensor = ort.Tensor;
