import { randomUUID } from 'node:crypto';
import { mkdir, readFile, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { InvalidOptionError } from '@anneal/core';
import * as tf from '@tensorflow/tfjs';

/**
 * A tfjs IO handler that saves a model to a directory in Node — `model.json` plus one weights file — and loads it
 * back, with plain `@tensorflow/tfjs` (no tfjs-node). Saving is crash-safe: the weights go to a new file, then
 * `model.json` is replaced by an atomic rename, and only then is the old weights file removed, so a crash at any point
 * leaves the last complete checkpoint loadable.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { fileSystemHandler } from '@anneal/tfjs/node';
 * await model.save(fileSystemHandler('checkpoints/best'));
 * const restored = await tf.loadLayersModel(fileSystemHandler('checkpoints/best'));
 * ```
 */
export function fileSystemHandler(directory: string): tf.io.IOHandler {
  if (typeof directory !== 'string' || directory === '') {
    throw new InvalidOptionError('fileSystemHandler', 'directory', directory, 'must be a non-empty path');
  }
  const modelPath = join(directory, 'model.json');
  return {
    async save(artifacts: tf.io.ModelArtifacts): Promise<tf.io.SaveResult> {
      if (artifacts.modelTopology instanceof ArrayBuffer) {
        throw new InvalidOptionError('fileSystemHandler', 'modelTopology', 'binary', 'must be JSON (tfjs layers models save JSON topology)');
      }
      await mkdir(directory, { recursive: true });
      const weightsName = `weights-${randomUUID()}.bin`;
      const weightData = artifacts.weightData === undefined ? new ArrayBuffer(0) : tf.io.CompositeArrayBuffer.join(artifacts.weightData);
      await writeFile(join(directory, weightsName), Buffer.from(weightData));
      const modelJson: tf.io.ModelJSON = {
        modelTopology: artifacts.modelTopology ?? {},
        weightsManifest: [{ paths: [weightsName], weights: artifacts.weightSpecs ?? [] }],
        format: artifacts.format ?? 'layers-model',
        generatedBy: artifacts.generatedBy ?? 'TensorFlow.js',
        convertedBy: artifacts.convertedBy ?? null,
        ...(artifacts.trainingConfig === undefined ? {} : { trainingConfig: artifacts.trainingConfig }),
        ...(artifacts.userDefinedMetadata === undefined ? {} : { userDefinedMetadata: artifacts.userDefinedMetadata }),
      };
      const temporary = `${modelPath}.${randomUUID()}.tmp`;
      await writeFile(temporary, JSON.stringify(modelJson));
      // rename() replaces model.json atomically: readers see the old checkpoint or the new one, never half of one.
      await rename(temporary, modelPath);
      for (const entry of await readdir(directory)) {
        const stale = (entry.startsWith('weights-') && entry.endsWith('.bin') && entry !== weightsName) || entry.endsWith('.tmp');
        if (stale) await rm(join(directory, entry), { force: true });
      }
      return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
    },
    async load(): Promise<tf.io.ModelArtifacts> {
      const modelJson = JSON.parse(await readFile(modelPath, 'utf8')) as tf.io.ModelJSON;
      return tf.io.getModelArtifactsForJSON(modelJson, async (manifest) => {
        const specs = manifest.flatMap((group) => group.weights);
        const buffers = await Promise.all(
          manifest.flatMap((group) => group.paths).map(async (path) => {
            const bytes = await readFile(join(directory, path));
            return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
          }),
        );
        return [specs, tf.io.CompositeArrayBuffer.join(buffers)];
      });
    },
  };
}
