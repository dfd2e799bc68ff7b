#!/usr/bin/env node
import { progressBar } from '@anneal/progress';
import * as tf from '@tensorflow/tfjs';
import { runCli } from './run-cli.js';

// Production mode: no debug checks, and no "install tfjs-node" banner in the middle of the output (the point here
// is the pure-JavaScript CPU backend).
tf.enableProdMode();

// `pnpm iris | head` closes the pipe early: that is the reader's choice, not a failure.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

process.exitCode = await runCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  progress: () => progressBar({ stream: process.stdout, metrics: ['loss', 'acc', 'val_loss', 'val_acc'] }),
});
