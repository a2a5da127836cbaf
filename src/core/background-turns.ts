/**
 * Shares the event loop between requests and background work (the engine's decisions, the in-process
 * worker starting jobs). SQLite answers synchronously, so a store call never lets the loop in, and a
 * chain of background steps would otherwise run for tens of milliseconds while a GetPipelineState waits.
 *
 * Background work asks for a turn (`await backgroundTurn()`) before each step. Steps run one per
 * `setImmediate` callback, in the order asked, so the promise callbacks a step sets off have run, and
 * are counted, before the next step starts. Once the steps of one loop iteration have used the budget,
 * the rest wait for the next iteration: the loop polls for I/O first, and waiting requests are served.
 * The outermost of three schedulers (the engine's actor and decision batch run inside it); which does
 * what: docs/decisions/background-turns.md.
 */
const budgetMs = 3;

type Step = () => void;

interface Turn {
  started: number;
  steps: Step[];
  over: boolean;
}

let waiting: Step[] = [];
let turnScheduled = false;

/** Resolves when the caller's next step of background work may run. */
export function backgroundTurn(): Promise<void> {
  return new Promise<void>((resolve) => {
    waiting.push(resolve);
    scheduleTurn();
  });
}

function scheduleTurn(): void {
  if (turnScheduled) return;
  turnScheduled = true;
  setImmediate(beginTurn);
}

/** The first callback of an iteration's check phase: the steps queued behind it share one budget. */
function beginTurn(): void {
  turnScheduled = false;
  const turn: Turn = { started: performance.now(), steps: waiting, over: false };
  waiting = [];
  for (let index = 0; index < turn.steps.length; index += 1) setImmediate(runStep, turn, index);
}

function runStep(turn: Turn, index: number): void {
  if (turn.over) return;
  // The first step always runs, so background work never starves; the rest wait once the budget is spent.
  if (index > 0 && performance.now() - turn.started > budgetMs) {
    turn.over = true;
    waiting = [...turn.steps.slice(index), ...waiting];
    scheduleTurn();
    return;
  }
  turn.steps[index]?.();
}
