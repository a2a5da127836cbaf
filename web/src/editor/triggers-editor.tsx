import type { ReactNode } from 'react';
import type { PipelineDeclaration } from '../api/types.js';
import type { GitPullRequestEventType, PipelineTriggerDeclaration } from '../api/wire-shapes.js';
import type { Edit } from './draft.js';
import { ListField, setCriteria } from './list-field.js';

const pullRequestEvents: GitPullRequestEventType[] = ['OPEN', 'UPDATED', 'CLOSED'];

/**
 * A V2 pipeline's triggers: for a source action, the git pushes (branches, file paths, or tags) and
 * pull request events that start the pipeline. Only what is edited changes; the rest is saved as read.
 */
export function TriggersEditor({ declaration, edit }: { declaration: PipelineDeclaration; edit: Edit }): ReactNode {
  const triggers = declaration.triggers ?? [];
  const sources = declaration.stages[0]?.actions.map((action) => action.name) ?? [];
  const change = (index: number, update: (trigger: PipelineTriggerDeclaration) => void): void =>
    edit((draft) => {
      const trigger = draft.triggers?.[index];
      if (trigger !== undefined) update(trigger);
    });
  return (
    <div className="triggers-editor">
      <span className="label">Triggers</span>
      {triggers.length === 0 ? <span className="muted small"> none: sources start the pipeline as their configuration says</span> : null}
      {triggers.map((trigger, index) => {
        const git = trigger.gitConfiguration;
        return (
          // Keyed by position and source: a removed trigger's fields never show another trigger's typing.
          <fieldset key={`${index}-${triggers.length}`} className="trigger-editor" data-edit-trigger={git.sourceActionName}>
            <legend>Trigger {index + 1}</legend>
            <div className="field-row">
              <label>
                Source action
                <select value={git.sourceActionName} onChange={(event) => change(index, (draft) => void (draft.gitConfiguration.sourceActionName = event.target.value))} aria-label="Trigger source action">
                  {[...new Set([git.sourceActionName, ...sources])].map((name) => (
                    <option key={name} value={name}>
                      {name}
                    </option>
                  ))}
                </select>
              </label>
              <button type="button" className="small ghost danger-text" onClick={() => edit((draft) => void draft.triggers?.splice(index, 1))}>
                Remove trigger
              </button>
            </div>
            {(git.push ?? []).map((filter, filterIndex) => (
              <div className="filter-editor" key={`push-${filterIndex}-${(git.push ?? []).length}`} data-push-filter={filterIndex}>
                <span className="small muted">On push</span>
                <div className="field-row">
                  <ListField label="Branches" list={filter.branches?.includes} onChange={(list) => change(index, (draft) => setCriteria(draft.gitConfiguration.push![filterIndex]!, 'branches', 'includes', list))} />
                  <ListField label="Not branches" list={filter.branches?.excludes} onChange={(list) => change(index, (draft) => setCriteria(draft.gitConfiguration.push![filterIndex]!, 'branches', 'excludes', list))} />
                  <ListField label="File paths" list={filter.filePaths?.includes} onChange={(list) => change(index, (draft) => setCriteria(draft.gitConfiguration.push![filterIndex]!, 'filePaths', 'includes', list))} />
                  <ListField label="Not file paths" list={filter.filePaths?.excludes} onChange={(list) => change(index, (draft) => setCriteria(draft.gitConfiguration.push![filterIndex]!, 'filePaths', 'excludes', list))} />
                  <ListField label="Tags" list={filter.tags?.includes} onChange={(list) => change(index, (draft) => setCriteria(draft.gitConfiguration.push![filterIndex]!, 'tags', 'includes', list))} />
                  <ListField label="Not tags" list={filter.tags?.excludes} onChange={(list) => change(index, (draft) => setCriteria(draft.gitConfiguration.push![filterIndex]!, 'tags', 'excludes', list))} />
                  <button
                    type="button"
                    className="small ghost"
                    onClick={() =>
                      change(index, (draft) => {
                        draft.gitConfiguration.push?.splice(filterIndex, 1);
                        if (draft.gitConfiguration.push?.length === 0) delete draft.gitConfiguration.push;
                      })
                    }
                  >
                    Remove push filter
                  </button>
                </div>
              </div>
            ))}
            {(git.pullRequest ?? []).map((filter, filterIndex) => (
              <div className="filter-editor" key={`pr-${filterIndex}-${(git.pullRequest ?? []).length}`} data-pull-request-filter={filterIndex}>
                <span className="small muted">On pull request</span>
                <div className="field-row">
                  {pullRequestEvents.map((event) => (
                    <label key={event} className="inline">
                      <input
                        type="checkbox"
                        checked={filter.events?.includes(event) ?? false}
                        onChange={(changed) =>
                          change(index, (draft) => {
                            const target = draft.gitConfiguration.pullRequest![filterIndex]!;
                            const events = (target.events ?? []).filter((candidate) => candidate !== event);
                            if (changed.target.checked) events.push(event);
                            if (events.length === 0) delete target.events;
                            else target.events = pullRequestEvents.filter((candidate) => events.includes(candidate));
                          })
                        }
                      />{' '}
                      {event}
                    </label>
                  ))}
                </div>
                <div className="field-row">
                  <ListField label="Branches" list={filter.branches?.includes} onChange={(list) => change(index, (draft) => setCriteria(draft.gitConfiguration.pullRequest![filterIndex]!, 'branches', 'includes', list))} />
                  <ListField label="Not branches" list={filter.branches?.excludes} onChange={(list) => change(index, (draft) => setCriteria(draft.gitConfiguration.pullRequest![filterIndex]!, 'branches', 'excludes', list))} />
                  <ListField label="File paths" list={filter.filePaths?.includes} onChange={(list) => change(index, (draft) => setCriteria(draft.gitConfiguration.pullRequest![filterIndex]!, 'filePaths', 'includes', list))} />
                  <ListField label="Not file paths" list={filter.filePaths?.excludes} onChange={(list) => change(index, (draft) => setCriteria(draft.gitConfiguration.pullRequest![filterIndex]!, 'filePaths', 'excludes', list))} />
                  <button
                    type="button"
                    className="small ghost"
                    onClick={() =>
                      change(index, (draft) => {
                        draft.gitConfiguration.pullRequest?.splice(filterIndex, 1);
                        if (draft.gitConfiguration.pullRequest?.length === 0) delete draft.gitConfiguration.pullRequest;
                      })
                    }
                  >
                    Remove pull request filter
                  </button>
                </div>
              </div>
            ))}
            <div className="stage-buttons">
              <button type="button" className="small" onClick={() => change(index, (draft) => void (draft.gitConfiguration.push = [...(draft.gitConfiguration.push ?? []), { branches: { includes: ['main'] } }]))}>
                Add push filter
              </button>
              <button
                type="button"
                className="small"
                onClick={() => change(index, (draft) => void (draft.gitConfiguration.pullRequest = [...(draft.gitConfiguration.pullRequest ?? []), { events: ['OPEN', 'UPDATED'], branches: { includes: ['main'] } }]))}
              >
                Add pull request filter
              </button>
            </div>
          </fieldset>
        );
      })}
      <button
        type="button"
        className="small"
        disabled={sources.length === 0}
        onClick={() =>
          edit(
            (draft) =>
              void (draft.triggers = [
                ...(draft.triggers ?? []),
                { providerType: 'CodeStarSourceConnection', gitConfiguration: { sourceActionName: sources[0] ?? '', push: [{ branches: { includes: ['main'] } }] } },
              ]),
          )
        }
      >
        Add trigger
      </button>
    </div>
  );
}
