/**
 * L2-regularised logistic regression over binary sparse features, with balanced class
 * weights, fitted by L-BFGS. Deterministic: no randomness, a fixed iteration order, the
 * same floating-point operations for the same data.
 */

/** Training data: each row lists the indices of the features present (value 1). */
export interface TrainingSet {
  rows: Int32Array[];
  labels: boolean[];
  /** Number of features (indices are below it). */
  features: number;
}

/** How hard to fit. */
export interface LogisticOptions {
  /** L2 penalty on the weights (not the bias), added to the weighted mean loss. */
  l2: number;
  maxIterations: number;
  /** Stop when no gradient component is larger than this. */
  tolerance: number;
}

/** A fitted model: score = sigmoid(bias + sum of the weights of the features present). */
export interface LogisticModel {
  weights: Float64Array;
  bias: number;
}

/** Defaults that converge on a few thousand turns in well under a second per id. */
export const DEFAULT_LOGISTIC_OPTIONS: LogisticOptions = { l2: 1e-3, maxIterations: 200, tolerance: 1e-5 };

const HISTORY = 10;
const ARMIJO = 1e-4;
const MAX_BACKTRACKS = 30;

/** Fits weights and bias; positives and negatives weigh half of the loss each. */
export function trainLogistic(set: TrainingSet, options: LogisticOptions = DEFAULT_LOGISTIC_OPTIONS): LogisticModel {
  const objective = createObjective(set, options.l2);
  const size = set.features + 1;
  let x: Float64Array = new Float64Array(size);
  let gradient = new Float64Array(size);
  let value = objective(x, gradient);
  const steps: Float64Array[] = [];
  const changes: Float64Array[] = [];
  for (let iteration = 0; iteration < options.maxIterations && maxAbs(gradient) > options.tolerance; iteration++) {
    const direction = searchDirection(gradient, steps, changes);
    // The first step has no curvature estimate: scale it to a unit move.
    let step = steps.length === 0 ? 1 / Math.max(1, norm(gradient)) : 1;
    const slope = dot(gradient, direction);
    if (slope >= 0) break;
    const next = new Float64Array(size);
    const nextGradient = new Float64Array(size);
    let nextValue = Infinity;
    for (let tries = 0; tries < MAX_BACKTRACKS; tries++) {
      for (let i = 0; i < size; i++) next[i] = (x[i] ?? 0) + step * (direction[i] ?? 0);
      nextValue = objective(next, nextGradient);
      if (nextValue <= value + ARMIJO * step * slope) break;
      step /= 2;
    }
    if (!(nextValue < value)) break;
    const s = new Float64Array(size);
    const y = new Float64Array(size);
    for (let i = 0; i < size; i++) {
      s[i] = (next[i] ?? 0) - (x[i] ?? 0);
      y[i] = (nextGradient[i] ?? 0) - (gradient[i] ?? 0);
    }
    if (dot(s, y) > 1e-12) {
      steps.push(s);
      changes.push(y);
      if (steps.length > HISTORY) {
        steps.shift();
        changes.shift();
      }
    }
    x = next;
    gradient = nextGradient;
    value = nextValue;
  }
  return { weights: x.slice(0, set.features), bias: x[set.features] ?? 0 };
}

/** The probability a model gives a row. */
export function predictRow(model: LogisticModel, row: Int32Array): number {
  let sum = model.bias;
  for (const index of row) sum += model.weights[index] ?? 0;
  return sigmoid(sum);
}

/** The logistic function, without overflow for large inputs. */
export function sigmoid(z: number): number {
  return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
}

type Objective = (x: Float64Array, gradient: Float64Array) => number;

// Weighted mean log-loss plus l2/2·|w|²; fills the gradient, returns the value. The bias is
// the last component of x and is not penalised.
function createObjective(set: TrainingSet, l2: number): Objective {
  const positives = set.labels.filter(Boolean).length;
  const negatives = set.labels.length - positives;
  const total = set.labels.length;
  const weightOf = (label: boolean): number => (label ? total / (2 * Math.max(1, positives)) : total / (2 * Math.max(1, negatives)));
  const weightSum = set.labels.reduce((sum, label) => sum + weightOf(label), 0) || 1;
  const biasIndex = set.features;
  return (x, gradient) => {
    gradient.fill(0);
    let loss = 0;
    set.rows.forEach((row, r) => {
      const y = set.labels[r] ? 1 : -1;
      let score = x[biasIndex] ?? 0;
      for (const index of row) score += x[index] ?? 0;
      const margin = -y * score;
      loss += weightOf(y === 1) * softplus(margin);
      // d/dscore of softplus(-y·score) is -y·sigmoid(-y·score).
      const g = (weightOf(y === 1) * -y * sigmoid(margin)) / weightSum;
      gradient[biasIndex] = (gradient[biasIndex] ?? 0) + g;
      for (const index of row) gradient[index] = (gradient[index] ?? 0) + g;
    });
    let penalty = 0;
    for (let i = 0; i < biasIndex; i++) {
      const w = x[i] ?? 0;
      penalty += w * w;
      gradient[i] = (gradient[i] ?? 0) + l2 * w;
    }
    return loss / weightSum + (l2 / 2) * penalty;
  };
}

// The L-BFGS two-loop recursion: -H·g from the last few steps and gradient changes.
function searchDirection(gradient: Float64Array, steps: Float64Array[], changes: Float64Array[]): Float64Array {
  const q = Float64Array.from(gradient);
  const alphas: number[] = [];
  for (let k = steps.length - 1; k >= 0; k--) {
    const s = steps[k] as Float64Array;
    const y = changes[k] as Float64Array;
    const alpha = dot(s, q) / dot(y, s);
    alphas[k] = alpha;
    for (let i = 0; i < q.length; i++) q[i] = (q[i] ?? 0) - alpha * (y[i] ?? 0);
  }
  const lastS = steps[steps.length - 1];
  const lastY = changes[changes.length - 1];
  const gamma = lastS && lastY ? dot(lastS, lastY) / dot(lastY, lastY) : 1;
  for (let i = 0; i < q.length; i++) q[i] = (q[i] ?? 0) * gamma;
  for (let k = 0; k < steps.length; k++) {
    const s = steps[k] as Float64Array;
    const y = changes[k] as Float64Array;
    const beta = dot(y, q) / dot(y, s);
    const alpha = alphas[k] ?? 0;
    for (let i = 0; i < q.length; i++) q[i] = (q[i] ?? 0) + (alpha - beta) * (s[i] ?? 0);
  }
  for (let i = 0; i < q.length; i++) q[i] = -(q[i] ?? 0);
  return q;
}

function softplus(z: number): number {
  return z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
}

function dot(a: Float64Array, b: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += (a[i] ?? 0) * (b[i] ?? 0);
  return sum;
}

function norm(a: Float64Array): number {
  return Math.sqrt(dot(a, a));
}

function maxAbs(a: Float64Array): number {
  let max = 0;
  for (const value of a) max = Math.max(max, Math.abs(value));
  return max;
}
