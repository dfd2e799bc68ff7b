/**
 * A float64 reference for sequential dense networks: forward pass, losses, exact back-propagated gradients and
 * accuracy, written in plain TypeScript so that tests can compare the ONNX training graphs (float32) against it.
 *
 * Conventions, shared with the ONNX graphs:
 * - Layer `i` computes `z = a · W + b` and `a' = activation(z)`, with `W = dense_{i}/kernel` stored row-major as
 *   `[in, units]` (entry `(r, c)` at `r * units + c`) and `b = dense_{i}/bias` of length `units`. `a` for layer 0 is
 *   the input batch `x` (`rows × inputSize`).
 * - Losses are averages over the batch and are computed from logits where the last layer allows it:
 *   - `categoricalCrossentropy`: last activation `softmax` (logits `z` = its pre-activation) or `linear` (its output
 *     is taken as the logits, Keras's `fromLogits: true`): `mean over rows of (logsumexp(z) − Σ_k y_k z_k)`. For label
 *     rows that sum to 1 (one-hot, smoothed) this is `−Σ y log softmax(z)`, Keras's categorical cross-entropy.
 *   - `sparseCategoricalCrossentropy`: as above with `y` rows `[label]` (an integer class index):
 *     `mean over rows of (logsumexp(z) − z_label)`.
 *   - `binaryCrossentropy`: last activation `sigmoid` (logits = pre-activation) or `linear` (output taken as logits):
 *     `mean over all elements of (max(z, 0) − z·y + log(1 + exp(−|z|)))`, the stable form of
 *     `−y log σ(z) − (1−y) log(1 − σ(z))`.
 *   - `meanSquaredError`: any last activation, on the network output `ŷ`: `mean over all elements of (ŷ − y)²`.
 * - `relu`'s derivative at exactly 0 is taken as 0 (as ONNX `Relu`'s gradient and tfjs's `step` give).
 */

/** The activations a dense layer may have. */
export type Activation = 'relu' | 'sigmoid' | 'tanh' | 'linear' | 'softmax';

/** The losses the reference computes (see the module comment for their exact definitions). */
export type LossName = 'categoricalCrossentropy' | 'sparseCategoricalCrossentropy' | 'binaryCrossentropy' | 'meanSquaredError';

/** One dense layer: `units` outputs followed by `activation`. */
export interface DenseLayerSpec {
  /** Output width (positive integer). */
  readonly units: number;
  /** Applied to the pre-activation `z = a · W + b`. */
  readonly activation: Activation;
}

/** A sequential dense network: `inputSize` features, then `layers` in order. */
export interface NetworkSpec {
  /** Width of every input row (positive integer). */
  readonly inputSize: number;
  /** The layers, first to last; at least one. */
  readonly layers: readonly DenseLayerSpec[];
}

/** Parameters (or gradients, or optimizer slots) by name: `dense_{i}/kernel` (row-major `[in, units]`) and `dense_{i}/bias`. */
export type Params = Record<string, Float64Array>;

/** The values one layer computed in a forward pass. */
export interface LayerTrace {
  /** The layer's input `a` (`rows × in`): `x` for layer 0, the previous layer's `activation` otherwise. */
  readonly input: number[][];
  /** `z = a · W + b` (`rows × units`). */
  readonly preActivation: number[][];
  /** `activation(z)` (`rows × units`). */
  readonly activation: number[][];
}

/** A forward pass: every layer's trace, and the network output (the last layer's activation). */
export interface ForwardResult {
  /** One trace per layer, in order. */
  readonly layers: LayerTrace[];
  /** The network output `ŷ` (`rows × units of the last layer`). */
  readonly output: number[][];
}

/** The parameter name of layer `index`'s kernel: `dense_{index}/kernel`. */
export function kernelName(index: number): string {
  return `dense_${index}/kernel`;
}

/** The parameter name of layer `index`'s bias: `dense_{index}/bias`. */
export function biasName(index: number): string {
  return `dense_${index}/bias`;
}

/**
 * The shapes of `spec`'s parameters, in layer order (kernel then bias for each layer): the keys every parameter,
 * gradient and optimizer-slot record of this reference uses.
 *
 * @param spec - The network.
 * @returns Name → shape (`[in, units]` for kernels, `[units]` for biases), in insertion order.
 * @throws RangeError when the spec is malformed (no layers, non-positive widths).
 */
export function parameterShapes(spec: NetworkSpec): Record<string, number[]> {
  validateSpec(spec);
  const shapes: Record<string, number[]> = {};
  let fanIn = spec.inputSize;
  spec.layers.forEach((layer, i) => {
    shapes[kernelName(i)] = [fanIn, layer.units];
    shapes[biasName(i)] = [layer.units];
    fanIn = layer.units;
  });
  return shapes;
}

/**
 * The float64 forward pass of `spec` on the batch `x`.
 *
 * @param spec - The network.
 * @param params - Its parameters (see {@link Params}); extra keys are ignored.
 * @param x - The input batch, `rows × inputSize` (at least one row).
 * @returns Every layer's input, pre-activation and activation, and the output.
 * @throws RangeError when the spec, parameters or inputs have the wrong shape or `x` is empty.
 *
 * @example
 * ```ts
 * const spec = { inputSize: 2, layers: [{ units: 1, activation: 'sigmoid' }] } as const;
 * const params = { 'dense_0/kernel': new Float64Array([1, -1]), 'dense_0/bias': new Float64Array([0]) };
 * forward(spec, params, [[2, 2]]).output; // [[0.5]]
 * ```
 */
export function forward(spec: NetworkSpec, params: Params, x: readonly (readonly number[])[]): ForwardResult {
  validateSpec(spec);
  validateParams(spec, params);
  validateRows('x', x, spec.inputSize);
  const layers: LayerTrace[] = [];
  let a: number[][] = x.map((row) => [...row]);
  spec.layers.forEach((layer, i) => {
    const kernel = params[kernelName(i)] as Float64Array;
    const bias = params[biasName(i)] as Float64Array;
    const inWidth = at(a, 0).length;
    const z = a.map((row) => {
      const out = Array.from(bias);
      for (let r = 0; r < inWidth; r++) {
        const v = at(row, r);
        for (let c = 0; c < layer.units; c++) out[c] = at(out, c) + v * at(kernel, r * layer.units + c);
      }
      return out;
    });
    const activation = z.map((row) => activate(layer.activation, row));
    layers.push({ input: a, preActivation: z, activation });
    a = activation;
  });
  return { layers, output: a };
}

/**
 * The float64 loss `lossName` of `spec` on the batch `(x, y)`, as defined in the module comment.
 *
 * @param spec - The network.
 * @param params - Its parameters.
 * @param x - Inputs, `rows × inputSize`.
 * @param y - Targets: `rows × outputUnits`, or `rows × 1` class indices for `sparseCategoricalCrossentropy`.
 * @param lossName - Which loss.
 * @returns The batch-mean loss.
 * @throws RangeError on shape mismatches, an out-of-range sparse label, or a loss the last activation does not
 *   support (cross-entropies need a `softmax`/`sigmoid` or `linear` last layer).
 *
 * @example
 * ```ts
 * const spec = { inputSize: 1, layers: [{ units: 2, activation: 'softmax' }] } as const;
 * const params = { 'dense_0/kernel': new Float64Array([0, 0]), 'dense_0/bias': new Float64Array([0, 0]) };
 * loss(spec, params, [[1]], [[1, 0]], 'categoricalCrossentropy'); // Math.log(2)
 * ```
 */
export function loss(
  spec: NetworkSpec,
  params: Params,
  x: readonly (readonly number[])[],
  y: readonly (readonly number[])[],
  lossName: LossName,
): number {
  const result = forward(spec, params, x);
  return lossAndOutputGradient(spec, result, y, lossName).loss;
}

/**
 * The exact gradients of {@link loss} with respect to every parameter, by back-propagation in float64.
 *
 * At the output, the derivative with respect to the last pre-activation `z` is, for `n` rows and `k` output units:
 * cross-entropies `(softmax(z) − y) / n` (sparse: `y` one-hot of the label; note `logsumexp(z) − Σ y z` gives
 * `softmax(z)·1 − y`, so label rows need not sum to 1), binary cross-entropy `(σ(z) − y) / (n·k)`, mean squared
 * error `2(ŷ − y) / (n·k)` pulled back through the last activation. Then for each layer, last to first:
 * `∂W = aᵀ · ∂z`, `∂b = Σ_rows ∂z`, `∂a = ∂z · Wᵀ`, and `∂z = ∂a ⊙ activation'(z)` (softmax: `s ⊙ (∂a − ⟨∂a, s⟩)`).
 *
 * @param spec - The network.
 * @param params - Its parameters.
 * @param x - Inputs, `rows × inputSize`.
 * @param y - Targets, as for {@link loss}.
 * @param lossName - Which loss.
 * @returns A gradient for every parameter of `spec`, same names and shapes as the parameters.
 * @throws RangeError as {@link loss} does.
 */
export function gradients(
  spec: NetworkSpec,
  params: Params,
  x: readonly (readonly number[])[],
  y: readonly (readonly number[])[],
  lossName: LossName,
): Params {
  const result = forward(spec, params, x);
  let dz = lossAndOutputGradient(spec, result, y, lossName).dz;
  const grads: Params = {};
  for (let i = spec.layers.length - 1; i >= 0; i--) {
    const layer = spec.layers[i] as DenseLayerSpec;
    const trace = result.layers[i] as LayerTrace;
    const kernel = params[kernelName(i)] as Float64Array;
    const inWidth = at(trace.input, 0).length;
    const units = layer.units;
    const dKernel = new Float64Array(inWidth * units);
    const dBias = new Float64Array(units);
    trace.input.forEach((aRow, row) => {
      const dzRow = at(dz, row);
      for (let c = 0; c < units; c++) dBias[c] = at(dBias, c) + at(dzRow, c);
      for (let r = 0; r < inWidth; r++) {
        const v = at(aRow, r);
        for (let c = 0; c < units; c++) dKernel[r * units + c] = at(dKernel, r * units + c) + v * at(dzRow, c);
      }
    });
    grads[kernelName(i)] = dKernel;
    grads[biasName(i)] = dBias;
    if (i === 0) break;
    const previous = spec.layers[i - 1] as DenseLayerSpec;
    const previousTrace = result.layers[i - 1] as LayerTrace;
    dz = dz.map((dzRow, row) => {
      const da = new Array<number>(inWidth).fill(0);
      for (let r = 0; r < inWidth; r++) {
        let sum = 0;
        for (let c = 0; c < units; c++) sum += at(dzRow, c) * at(kernel, r * units + c);
        da[r] = sum;
      }
      return pullBack(previous.activation, at(previousTrace.preActivation, row), at(previousTrace.activation, row), da);
    });
  }
  // Insertion order: layer by layer, kernel then bias (matching parameterShapes).
  const ordered: Params = {};
  spec.layers.forEach((_, i) => {
    ordered[kernelName(i)] = grads[kernelName(i)] as Float64Array;
    ordered[biasName(i)] = grads[biasName(i)] as Float64Array;
  });
  return ordered;
}

/**
 * The accuracy of `spec` on `(x, y)`, chosen as tfjs's `'accuracy'` metric chooses it: binary accuracy (output
 * `> 0.5` equals the target, averaged over all elements) when the output has one unit or the loss is
 * `binaryCrossentropy`; sparse categorical accuracy (arg-max equals the label) for `sparseCategoricalCrossentropy`;
 * categorical accuracy (arg-max of output equals arg-max of target, ties to the first index) otherwise.
 *
 * @param spec - The network.
 * @param params - Its parameters.
 * @param x - Inputs, `rows × inputSize`.
 * @param y - Targets, as for {@link loss}.
 * @param lossName - The loss trained with (it picks the accuracy, as above); default `categoricalCrossentropy`.
 * @returns The fraction correct, in `[0, 1]`.
 * @throws RangeError on shape mismatches.
 */
export function accuracy(
  spec: NetworkSpec,
  params: Params,
  x: readonly (readonly number[])[],
  y: readonly (readonly number[])[],
  lossName: LossName = 'categoricalCrossentropy',
): number {
  const { output } = forward(spec, params, x);
  const units = at(spec.layers, spec.layers.length - 1).units;
  if (lossName === 'sparseCategoricalCrossentropy') {
    const labels = sparseLabels(y, output.length, units);
    return output.filter((row, r) => argMax(row) === at(labels, r)).length / output.length;
  }
  validateRows('y', y, units, output.length);
  if (units === 1 || lossName === 'binaryCrossentropy') {
    let correct = 0;
    output.forEach((row, r) => row.forEach((p, c) => (correct += at(at(y, r), c) === (p > 0.5 ? 1 : 0) ? 1 : 0)));
    return correct / (output.length * units);
  }
  return output.filter((row, r) => argMax(row) === argMax(at(y, r))).length / output.length;
}

/** Numerically stable `log Σ exp(z_k)`. */
export function logSumExp(z: readonly number[]): number {
  const max = Math.max(...z);
  if (!Number.isFinite(max)) return max;
  let sum = 0;
  for (const v of z) sum += Math.exp(v - max);
  return max + Math.log(sum);
}

/** Numerically stable logistic sigmoid `1 / (1 + exp(−z))`. */
export function sigmoid(z: number): number {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}

/** Numerically stable softmax of one row. */
export function softmax(z: readonly number[]): number[] {
  const lse = logSumExp(z);
  return z.map((v) => Math.exp(v - lse));
}

function activate(activation: Activation, z: readonly number[]): number[] {
  switch (activation) {
    case 'relu':
      return z.map((v) => (v > 0 ? v : 0));
    case 'sigmoid':
      return z.map(sigmoid);
    case 'tanh':
      return z.map(Math.tanh);
    case 'linear':
      return [...z];
    case 'softmax':
      return softmax(z);
  }
}

/** `∂z` from `∂a` for one row, given the row's pre-activation `z` and activation `a`. */
function pullBack(activation: Activation, z: readonly number[], a: readonly number[], da: readonly number[]): number[] {
  switch (activation) {
    case 'relu':
      return da.map((d, k) => (at(z, k) > 0 ? d : 0));
    case 'sigmoid':
      return da.map((d, k) => d * at(a, k) * (1 - at(a, k)));
    case 'tanh':
      return da.map((d, k) => d * (1 - at(a, k) * at(a, k)));
    case 'linear':
      return [...da];
    case 'softmax': {
      let dot = 0;
      da.forEach((d, k) => (dot += d * at(a, k)));
      return da.map((d, k) => at(a, k) * (d - dot));
    }
  }
}

function lossAndOutputGradient(
  spec: NetworkSpec,
  result: ForwardResult,
  y: readonly (readonly number[])[],
  lossName: LossName,
): { loss: number; dz: number[][] } {
  const last = at(spec.layers, spec.layers.length - 1);
  const trace = at(result.layers, result.layers.length - 1);
  const rows = result.output.length;
  const units = last.units;
  switch (lossName) {
    case 'categoricalCrossentropy':
    case 'sparseCategoricalCrossentropy': {
      requireLast(last.activation, ['softmax', 'linear'], lossName);
      const targets =
        lossName === 'sparseCategoricalCrossentropy'
          ? sparseLabels(y, rows, units).map((label) => Array.from({ length: units }, (_, k) => (k === label ? 1 : 0)))
          : (validateRows('y', y, units, rows), y);
      let total = 0;
      const dz = trace.preActivation.map((z, r) => {
        const t = at(targets, r);
        const lse = logSumExp(z);
        let dot = 0;
        z.forEach((v, k) => (dot += at(t, k) * v));
        total += lse - dot;
        // ∂/∂z_k (logsumexp(z) − Σ y z) = softmax_k(z) − y_k, whatever the row's label mass.
        return z.map((v, k) => (Math.exp(v - lse) - at(t, k)) / rows);
      });
      return { loss: total / rows, dz };
    }
    case 'binaryCrossentropy': {
      requireLast(last.activation, ['sigmoid', 'linear'], lossName);
      validateRows('y', y, units, rows);
      const count = rows * units;
      let total = 0;
      const dz = trace.preActivation.map((z, r) =>
        z.map((v, k) => {
          const t = at(at(y, r), k);
          total += Math.max(v, 0) - v * t + Math.log1p(Math.exp(-Math.abs(v)));
          return (sigmoid(v) - t) / count;
        }),
      );
      return { loss: total / count, dz };
    }
    case 'meanSquaredError': {
      validateRows('y', y, units, rows);
      const count = rows * units;
      let total = 0;
      const dz = result.output.map((out, r) => {
        const da = out.map((p, k) => {
          const diff = p - at(at(y, r), k);
          total += diff * diff;
          return (2 * diff) / count;
        });
        return pullBack(last.activation, at(trace.preActivation, r), out, da);
      });
      return { loss: total / count, dz };
    }
  }
}

function requireLast(activation: Activation, allowed: readonly Activation[], lossName: LossName): void {
  if (!allowed.includes(activation)) {
    throw new RangeError(
      `${lossName} is computed from logits and needs a last layer with activation ${allowed.map((a) => `'${a}'`).join(' or ')}, got '${activation}'`,
    );
  }
}

function sparseLabels(y: readonly (readonly number[])[], rows: number, units: number): number[] {
  validateRows('y', y, 1, rows);
  return y.map((row, r) => {
    const label = at(row, 0);
    if (!Number.isInteger(label) || label < 0 || label >= units) {
      throw new RangeError(`y[${r}]: sparse label must be an integer in [0, ${units}), got ${String(label)}`);
    }
    return label;
  });
}

function argMax(row: readonly number[]): number {
  let best = 0;
  row.forEach((v, k) => {
    if (v > at(row, best)) best = k;
  });
  return best;
}

function validateSpec(spec: NetworkSpec): void {
  if (!Number.isInteger(spec.inputSize) || spec.inputSize < 1) {
    throw new RangeError(`inputSize must be a positive integer, got ${String(spec.inputSize)}`);
  }
  if (spec.layers.length === 0) throw new RangeError('a network needs at least one layer');
  spec.layers.forEach((layer, i) => {
    if (!Number.isInteger(layer.units) || layer.units < 1) {
      throw new RangeError(`layer ${i}: units must be a positive integer, got ${String(layer.units)}`);
    }
  });
}

function validateParams(spec: NetworkSpec, params: Params): void {
  let fanIn = spec.inputSize;
  spec.layers.forEach((layer, i) => {
    const kernel = params[kernelName(i)];
    const bias = params[biasName(i)];
    if (kernel?.length !== fanIn * layer.units) {
      throw new RangeError(`${kernelName(i)}: expected ${fanIn * layer.units} values ([${fanIn}, ${layer.units}]), got ${kernel === undefined ? 'none' : kernel.length}`);
    }
    if (bias?.length !== layer.units) {
      throw new RangeError(`${biasName(i)}: expected ${layer.units} values, got ${bias === undefined ? 'none' : bias.length}`);
    }
    fanIn = layer.units;
  });
}

function validateRows(name: string, rows: readonly (readonly number[])[], width: number, count?: number): void {
  if (rows.length === 0) throw new RangeError(`${name} is empty`);
  if (count !== undefined && rows.length !== count) throw new RangeError(`${name} has ${rows.length} rows, expected ${count}`);
  rows.forEach((row, r) => {
    if (row.length !== width) throw new RangeError(`${name}[${r}] has ${row.length} values, expected ${width}`);
  });
}

function at<T>(values: ArrayLike<T>, index: number): T {
  return values[index] as T;
}
