/**
 * A browser scenario runs as ordered steps (one `it` each) on one page. After a failed step the
 * later ones have no page state to stand on: instead of being skipped, the next step's `beforeEach`
 * fails, naming the step that broke the scenario, and mocha runs no further step of the suite.
 */

/**
 * Registers the hooks in the calling suite. `onFailure` runs after the failed step (a screenshot).
 */
export function stopAfterFailedStep(onFailure: () => Promise<unknown>): void {
  let failedStep: string | undefined;
  beforeEach(function () {
    if (failedStep !== undefined) {
      throw new Error(`not run: the scenario stopped at the failed step "${failedStep}", whose page state later steps need`);
    }
  });
  afterEach(async function () {
    if (this.currentTest?.state !== 'failed') return;
    failedStep = this.currentTest.title;
    await onFailure().catch(() => undefined);
  });
}
