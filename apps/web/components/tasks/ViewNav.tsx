'use client';

import type { TaskCounts } from '@todo/contracts';
import type { MouseEvent } from 'react';
import { listStateSearch, views, type ListState, type ViewId } from './views';

/** The views and the tags, each with its count; links, so they also open in a new tab. */
export function ViewNav(props: {
  state: ListState;
  counts: TaskCounts | null;
  onView: (view: ViewId) => void;
  onTag: (tag: string) => void;
}) {
  const { state, counts } = props;
  const follow = (e: MouseEvent, go: () => void) => {
    if (e.metaKey || e.ctrlKey || e.shiftKey || e.button !== 0) return;
    e.preventDefault();
    go();
  };
  return (
    <nav className="views" aria-label="Views">
      <ul>
        {views.map((v) => {
          const current = state.view === v.id && !state.tag;
          const n = counts?.[v.count];
          return (
            <li key={v.id}>
              <a
                href={`/${listStateSearch({ ...state, view: v.id, tag: '' })}`}
                aria-current={current ? 'page' : undefined}
                onClick={(e) => follow(e, () => props.onView(v.id))}
                className={v.id === 'overdue' && n ? 'has-overdue' : undefined}
              >
                <span>{v.label}</span>
                {typeof n === 'number' && (
                  <span className="count" aria-label={`${n} task${n === 1 ? '' : 's'}`}>
                    {n}
                  </span>
                )}
              </a>
            </li>
          );
        })}
      </ul>
      {counts && counts.tags.length > 0 && (
        <>
          <h3 className="views-heading">Tags</h3>
          <ul>
            {counts.tags.map(({ tag, count }) => (
              <li key={tag}>
                <a
                  href={`/${listStateSearch({ ...state, view: 'inbox', tag })}`}
                  aria-current={state.tag === tag ? 'page' : undefined}
                  onClick={(e) => follow(e, () => props.onTag(tag))}
                >
                  <span>#{tag}</span>
                  <span className="count" aria-label={`${count} task${count === 1 ? '' : 's'}`}>
                    {count}
                  </span>
                </a>
              </li>
            ))}
          </ul>
        </>
      )}
    </nav>
  );
}
