/**
 * Index of the restart period that `periods` (a step measured in first-period lengths) falls in, when each period
 * is `growth` times longer than the one before. Inverts the geometric sum with a logarithm, then corrects the one-off
 * error rounding can cause exactly at a restart, so the restart step itself opens the new period.
 */
export function restartIndex(periods: number, growth: number): number {
  if (growth === 1) return Math.floor(periods);
  let index = Math.floor(Math.log(1 + periods * (growth - 1)) / Math.log(growth));
  const fraction = periodFraction(periods, growth, index);
  if (fraction >= 1) index += 1;
  else if (fraction < 0) index -= 1;
  return index;
}

/** How far, in [0, 1), `periods` is into restart period `index`. */
export function periodFraction(periods: number, growth: number, index: number): number {
  if (growth === 1) return periods - index;
  const growthPower = growth ** index;
  return (periods - (growthPower - 1) / (growth - 1)) / growthPower;
}
