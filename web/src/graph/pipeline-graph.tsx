import { useEffect, useRef, useState, type ReactNode } from 'react';
import type { ActionDeclaration, StageDeclaration } from '../api/types.js';
import { BreakableName } from '../components/breakable-name.js';
import { StatusBadge } from '../components/status.js';
import { formatDuration, principalName, shortId } from '../lib/format.js';
import { runOrderGroups, type PipelineView } from '../pages/pipeline-data.js';
import { Link, paths } from '../router.js';
import { artifactFlow, nodeKey, type ArtifactEdge } from './artifact-flow.js';
import { boxOf, edgePath, type Box } from './edge-paths.js';

interface DrawnEdges {
  width: number;
  height: number;
  artifacts: { edge: ArtifactEdge; d: string }[];
  transitions: { from: string; to: string; d: string; disabled: boolean }[];
}

/**
 * The pipeline drawn as a graph: stages left to right joined by their transitions, each stage's
 * actions in runOrder columns (actions of one column run side by side), and a line for every artifact
 * from the action that writes it to each action that reads it. Nodes are ordinary HTML (they wrap,
 * stack on a phone and are read by screen readers); the lines are an SVG drawn over them from where
 * the browser put the nodes, so they follow any layout, wide or stacked.
 */
export function PipelineGraph({ view, now }: { view: PipelineView; now: number }): ReactNode {
  const container = useRef<HTMLDivElement>(null);
  const [drawn, setDrawn] = useState<DrawnEdges>({ width: 0, height: 0, artifacts: [], transitions: [] });
  const { declaration, state } = view;

  useEffect(() => {
    const root = container.current;
    if (root === null) return undefined;
    const edges = artifactFlow(declaration);
    const measure = (): void => {
      const origin = root.getBoundingClientRect();
      const find = (selector: string): Element | null => root.querySelector(selector);
      const artifacts = edges.flatMap((edge) => {
        const from = find(`[data-node="${CSS.escape(nodeKey(edge.from.stage, edge.from.action))}"]`);
        const to = find(`[data-node="${CSS.escape(nodeKey(edge.to.stage, edge.to.action))}"]`);
        return from === null || to === null ? [] : [{ edge, d: edgePath(boxOf(from, origin), boxOf(to, origin)) }];
      });
      // A transition joins two stages at the height of their headings (stacked: bottom to top).
      const stages = [...root.querySelectorAll('[data-graph-stage]')];
      const headed = (stage: Element): Box => {
        const whole = boxOf(stage, origin);
        const head = stage.querySelector('.graph-stage-head');
        return head === null ? whole : { ...whole, top: boxOf(head, origin).top, bottom: boxOf(head, origin).bottom };
      };
      const transitions = stages.slice(1).map((stage, index) => {
        const before = stages[index]!;
        const stacked = boxOf(stage, origin).left < boxOf(before, origin).right - 1;
        return {
          from: before.getAttribute('data-graph-stage') ?? '',
          to: stage.getAttribute('data-graph-stage') ?? '',
          d: stacked ? edgePath(boxOf(before, origin), boxOf(stage, origin)) : edgePath(headed(before), headed(stage)),
          disabled: stage.getAttribute('data-transition') === 'disabled',
        };
      });
      setDrawn({ width: root.scrollWidth, height: root.scrollHeight, artifacts, transitions });
    };
    // Observing the nodes too: a status that makes a node taller moves the lines without resizing the page.
    const observer = new ResizeObserver(measure);
    observer.observe(root);
    for (const node of root.querySelectorAll('[data-node], [data-graph-stage]')) observer.observe(node);
    // Nodes can move without resizing (a web font arriving): measure again once the fonts are in.
    let current = true;
    void document.fonts.ready.then(() => {
      if (current) measure();
    });
    return () => {
      current = false;
      observer.disconnect();
    };
  }, [declaration, state]);

  return (
    <div className="graph" ref={container} data-version={declaration.version}>
      <svg className="graph-edges" width={drawn.width} height={drawn.height} aria-hidden="true">
        <defs>
          <marker id="graph-arrow" viewBox="0 0 8 8" refX="7" refY="4" markerWidth="8" markerHeight="8" markerUnits="userSpaceOnUse" orient="auto-start-reverse">
            <path d="M 0 0 L 8 4 L 0 8 z" className="graph-arrow-head" />
          </marker>
        </defs>
        {drawn.transitions.map((transition) => (
          <path key={`${transition.from}->${transition.to}`} d={transition.d} className={`graph-transition ${transition.disabled ? 'disabled' : ''}`} data-transition-edge={`${transition.from}->${transition.to}`} markerEnd="url(#graph-arrow)" />
        ))}
        {drawn.artifacts.map(({ edge, d }) => (
          <path
            key={`${edge.artifact}:${nodeKey(edge.from.stage, edge.from.action)}->${nodeKey(edge.to.stage, edge.to.action)}`}
            d={d}
            className="graph-artifact"
            data-edge={`${edge.artifact}:${edge.from.action}->${edge.to.action}`}
            markerEnd="url(#graph-arrow)"
          >
            <title>{edge.artifact}</title>
          </path>
        ))}
      </svg>
      {declaration.stages.map((stage, index) => (
        <GraphStage key={stage.name} view={view} stage={stage} first={index === 0} now={now} />
      ))}
    </div>
  );
}

function GraphStage({ view, stage, first, now }: { view: PipelineView; stage: StageDeclaration; first: boolean; now: number }): ReactNode {
  const state = view.state.stageStates.find((candidate) => candidate.stageName === stage.name);
  const transition = state?.inboundTransitionState;
  const disabled = !first && transition?.enabled === false;
  const latest = state?.latestExecution;
  return (
    <section className="graph-stage" data-graph-stage={stage.name} data-transition={disabled ? 'disabled' : 'enabled'} aria-label={`Stage ${stage.name}`}>
      <header className="graph-stage-head">
        <h3>
          <BreakableName name={stage.name} />
        </h3>
        {latest !== undefined ? (
          <Link to={paths.execution(view.declaration.name, latest.pipelineExecutionId)} className="plain" title={`Execution ${latest.pipelineExecutionId}`}>
            <StatusBadge status={latest.status} />
          </Link>
        ) : (
          <StatusBadge status={undefined} />
        )}
      </header>
      {disabled ? (
        <p className="graph-disabled" role="note">
          Transition disabled{transition.lastChangedBy !== undefined ? ` by ${principalName(transition.lastChangedBy)}` : ''}
          {transition.disabledReason !== undefined ? `: ${transition.disabledReason}` : ''}
        </p>
      ) : null}
      <div className="graph-groups">
        {runOrderGroups(stage.actions).map((group) => (
          <div className="graph-group" key={group.runOrder} data-run-order={group.runOrder} aria-label={`Run order ${group.runOrder}`}>
            <span className="run-order-label">run order {group.runOrder}</span>
            {group.actions.map((action) => (
              <GraphNode key={action.name} view={view} stageName={stage.name} action={action} now={now} />
            ))}
          </div>
        ))}
      </div>
    </section>
  );
}

function GraphNode({ view, stageName, action, now }: { view: PipelineView; stageName: string; action: ActionDeclaration; now: number }): ReactNode {
  const stageState = view.state.stageStates.find((candidate) => candidate.stageName === stageName);
  const latest = stageState?.actionStates?.find((candidate) => candidate.actionName === action.name)?.latestExecution;
  const run = latest?.actionExecutionId !== undefined ? view.runs.get(latest.actionExecutionId) : undefined;
  const status = latest?.status;
  const ended = status === 'InProgress' ? now : run?.lastUpdateTime;
  const executionId = run?.pipelineExecutionId ?? stageState?.latestExecution?.pipelineExecutionId;
  const approval = action.actionTypeId.category === 'Approval';
  const inputs = (action.inputArtifacts ?? []).map((artifact) => artifact.name);
  const outputs = (action.outputArtifacts ?? []).map((artifact) => artifact.name);
  const title = (
    <>
      <strong>
        <BreakableName name={action.name} />
      </strong>
      <StatusBadge status={status} awaitingApproval={approval} />
    </>
  );
  return (
    <article className={`graph-node status-edge-${(status ?? 'notrun').toLowerCase()}`} data-node={nodeKey(stageName, action.name)} aria-label={`Action ${action.name}`}>
      <div className="graph-node-head">
        {executionId !== undefined ? (
          <Link to={paths.execution(view.declaration.name, executionId)} className="plain" title={`Execution ${shortId(executionId)}`}>
            {title}
          </Link>
        ) : (
          title
        )}
      </div>
      <div className="muted small">
        {action.actionTypeId.provider}
        {run !== undefined && ended !== undefined ? <span className="duration"> · {formatDuration(ended - run.startTime)}</span> : null}
      </div>
      {inputs.length + outputs.length > 0 ? (
        <div className="graph-artifacts small">
          {inputs.map((name) => (
            <span key={`in-${name}`} className="chip in" data-input={name} title={`reads ${name}`}>
              ← {name}
            </span>
          ))}
          {outputs.map((name) => (
            <span key={`out-${name}`} className="chip out" data-output={name} title={`writes ${name}`}>
              {name} →
            </span>
          ))}
        </div>
      ) : null}
    </article>
  );
}
