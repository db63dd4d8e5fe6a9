import type { Options, VNode } from 'preact';
import { describe, expect, it, vi } from 'vitest';
import { releaseOldRenders } from './old-render-release.ts';

interface FakeVNode {
  type: unknown;
  __c?: object | null;
  __k?: (FakeVNode | null)[] | null;
  __?: FakeVNode | null;
}

function Card() {
  return null;
}

/** A component vnode as Preact leaves it after diffing: its children point back to it. */
function rendered(component: object, children: (FakeVNode | null)[]): FakeVNode {
  const vnode: FakeVNode = { type: Card, __c: component, __k: children };
  for (const child of children) if (child) child.__ = vnode;
  return vnode;
}

function element(tag = 'section'): FakeVNode {
  return { type: tag };
}

function installed(): { diffed: (v: FakeVNode) => void; next: ReturnType<typeof vi.fn> } {
  const next = vi.fn();
  const options = { diffed: next } as unknown as Options;
  releaseOldRenders(options);
  return { diffed: (v) => options.diffed!(v as unknown as VNode), next };
}

describe('releaseOldRenders', () => {
  it('cuts the parent pointers of the children a component rendered before', () => {
    const { diffed } = installed();
    const component = {};
    const first = [element(), element('p')];
    diffed(rendered(component, first));
    const second = rendered(component, [element()]);
    diffed(second);
    expect(first.map((c) => c.__)).toEqual([null, null]);
    expect(second.__k![0]!.__).toBe(second);
  });

  it('leaves a bail-out alone: the new vnode shares the children array, which is still on screen', () => {
    const { diffed } = installed();
    const component = {};
    const children = [element()];
    const old = rendered(component, children);
    diffed(old);
    const bailed: FakeVNode = { type: Card, __c: component, __k: children };
    children[0]!.__ = bailed;
    diffed(bailed);
    expect(children[0]!.__).toBe(bailed);
  });

  it('keeps the parent of a child carried into the new render and skips empty slots', () => {
    const { diffed } = installed();
    const component = {};
    const kept = element();
    const dropped = element('p');
    diffed(rendered(component, [kept, null, dropped]));
    const next = rendered(component, [kept]);
    diffed(next);
    expect(kept.__).toBe(next);
    expect(dropped.__).toBeNull();
  });

  it('tracks each component on its own and ignores element vnodes', () => {
    const { diffed } = installed();
    const a = {};
    const b = {};
    const aChildren = [element()];
    diffed(rendered(a, aChildren));
    diffed(rendered(b, [element()]));
    const div: FakeVNode = { type: 'div', __k: [element()] };
    diffed(div);
    expect(aChildren[0]!.__).not.toBeNull();
  });

  it('calls the hook that was installed before it', () => {
    const { diffed, next } = installed();
    const vnode = rendered({}, []);
    diffed(vnode);
    expect(next).toHaveBeenCalledWith(vnode);
  });
});
