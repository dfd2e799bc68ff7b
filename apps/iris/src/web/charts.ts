import { CategoryScale, Chart, Legend, LinearScale, LineController, LineElement, LogarithmicScale, PointElement, Tooltip, type ChartDataset } from 'chart.js';

Chart.register(LineController, LineElement, PointElement, LinearScale, LogarithmicScale, CategoryScale, Legend, Tooltip);

type Point = { x: number; y: number };
type Line = ChartDataset<'line', Point[]>;

const COLORS = { preview: '#9aa5b1', rate: '#d9480f', takeover: '#1c7ed6', loss: '#e8590c', valLoss: '#845ef7', acc: '#2b8a3e', valAcc: '#1971c2' };

function lineChart(canvas: HTMLCanvasElement, datasets: Line[], y: { title: string; min?: number; max?: number }): Chart<'line', Point[]> {
  return new Chart(canvas, {
    type: 'line',
    data: { datasets },
    options: {
      // Live updates every epoch: no animation, no per-point hover work.
      animation: false,
      parsing: false,
      normalized: true,
      responsive: true,
      maintainAspectRatio: false,
      interaction: { mode: 'nearest', intersect: false },
      elements: { point: { radius: 0 }, line: { borderWidth: 2 } },
      scales: {
        x: { type: 'linear', title: { display: true, text: 'epoch' }, min: 0 },
        y: { type: 'linear', title: { display: true, text: y.title }, ...(y.min === undefined ? {} : { min: y.min }), ...(y.max === undefined ? {} : { max: y.max }) },
      },
      // A dataset with no points (the takeover marker before any takeover) stays out of the legend.
      plugins: { legend: { position: 'bottom', labels: { filter: (item, data) => (data.datasets[item.datasetIndex ?? 0]?.data.length ?? 0) > 0 } } },
    },
  });
}

/**
 * The learning-rate chart: the preview of the whole run (per step, drawn against fractional epochs), the rate each
 * epoch ended with as trained, and a vertical line where a callback took over from the schedule.
 */
export class RateChart {
  readonly #chart: Chart<'line', Point[]>;

  constructor(canvas: HTMLCanvasElement) {
    this.#chart = lineChart(
      canvas,
      [
        { label: 'preview (every step)', data: [], borderColor: COLORS.preview, borderDash: [6, 4], borderWidth: 1.5 },
        { label: 'as trained (end of each epoch)', data: [], borderColor: COLORS.rate, pointRadius: 2 },
        { label: 'callback took over', data: [], borderColor: COLORS.takeover, borderWidth: 3, hidden: true },
        { label: 'the schedule alone (overridden)', data: [], borderColor: COLORS.takeover, borderDash: [2, 3], borderWidth: 1 },
      ],
      { title: 'learning rate' },
    );
  }

  /**
   * The preview: the rate of every step; the step `s` of a run of `perEpoch` steps an epoch is drawn at `s / perEpoch`.
   * `scheduleAlone`, when a callback overrides the schedule, is what the schedule would have given: the conflict rule
   * made visible.
   */
  preview(steps: Float64Array, perEpoch: number, epochs: number, scheduleAlone: Float64Array | null = null): void {
    this.#dataset(0).data = decimate(steps, perEpoch, epochs);
    this.#dataset(3).data = scheduleAlone === null ? [] : decimate(scheduleAlone, perEpoch, epochs);
    this.#chart.options.scales!['x']!.max = epochs;
    this.#chart.update('none');
  }

  clearRun(): void {
    this.#dataset(1).data = [];
    this.#dataset(2).data = [];
    this.#dataset(2).hidden = true;
    this.#chart.update('none');
  }

  /** The rate in force at the end of epoch `epoch` (0-based): drawn at `epoch + 1`, where the next step starts. */
  addEpoch(epoch: number, learningRate: number): void {
    this.#dataset(1).data.push({ x: epoch + 1, y: learningRate });
    this.#chart.update('none');
  }

  /** Marks the first epoch whose steps use a callback's rate. */
  markTakeover(fromEpoch: number, label: string): void {
    const values = [...this.#dataset(0).data, ...this.#dataset(1).data].map((point) => point.y);
    const low = Math.min(...values, 0);
    const high = Math.max(...values, 0);
    const marker = this.#dataset(2);
    marker.label = label;
    marker.data = [
      { x: fromEpoch, y: low },
      { x: fromEpoch, y: high },
    ];
    marker.hidden = false;
    this.#chart.update('none');
  }

  #dataset(index: number): Line {
    return this.#chart.data.datasets[index] as Line;
  }
}

/** At most ~2000 points (the chart is a few hundred pixels wide), the last step included. */
function decimate(steps: Float64Array, perEpoch: number, epochs: number): Point[] {
  const stride = Math.max(1, Math.floor(steps.length / 2000));
  const data: Point[] = [];
  for (let step = 0; step < steps.length; step += stride) data.push({ x: step / perEpoch, y: steps[step] as number });
  if (steps.length > 0) data.push({ x: epochs, y: steps[steps.length - 1] as number });
  return data;
}

/** Two metrics per epoch (loss and val_loss, or acc and val_acc). */
export class MetricChart {
  readonly #chart: Chart<'line', Point[]>;

  constructor(canvas: HTMLCanvasElement, labels: readonly [string, string], y: { title: string; min?: number; max?: number }) {
    const [first, second] = labels;
    const colors = y.title === 'loss' ? [COLORS.loss, COLORS.valLoss] : [COLORS.acc, COLORS.valAcc];
    this.#chart = lineChart(
      canvas,
      [
        { label: first, data: [], borderColor: colors[0] as string },
        { label: second, data: [], borderColor: colors[1] as string },
      ],
      y,
    );
  }

  reset(epochs: number): void {
    for (const dataset of this.#chart.data.datasets) dataset.data = [];
    this.#chart.options.scales!['x']!.max = epochs;
    this.#chart.update('none');
  }

  add(epoch: number, first: number, second: number): void {
    (this.#chart.data.datasets[0] as Line).data.push({ x: epoch + 1, y: first });
    (this.#chart.data.datasets[1] as Line).data.push({ x: epoch + 1, y: second });
    this.#chart.update('none');
  }
}
