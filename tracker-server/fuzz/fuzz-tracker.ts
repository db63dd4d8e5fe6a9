import { FUZZ_USAGE, readFuzzCliOptions } from './fuzz-cli-options.ts';
import { formatReport } from './fuzz-report.ts';
import { runTrackerFuzz } from './run-tracker-fuzz.ts';

/**
 * `npm run fuzz:tracker -- [--count N] [--seconds S] [--seed N]`: fuzzes a tracker started in this
 * process on 127.0.0.1, prints the report, and exits 1 if the tracker crashed, an honest check failed
 * or the tracker kept state it should have dropped. The same seed plays the same inputs.
 */

let options: ReturnType<typeof readFuzzCliOptions>;
try {
  options = readFuzzCliOptions(process.argv.slice(2));
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  console.error(FUZZ_USAGE);
  process.exit(2);
}
if (options.help) {
  console.log(FUZZ_USAGE);
  process.exit(0);
}

try {
  const report = await runTrackerFuzz(options);
  console.log(formatReport(report));
  process.exitCode = report.passed ? 0 : 1;
} catch (error) {
  console.error('fuzz run failed before it could report:', error);
  console.log('server stayed up: unknown');
  process.exitCode = 1;
}
