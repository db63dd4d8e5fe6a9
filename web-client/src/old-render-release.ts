import type { Options, VNode } from 'preact';

/**
 * Lets the garbage collector have a component's old renders, which Preact can otherwise keep forever
 * (preactjs/preact#3953, #4909; seen in 10.29 and 11.2).
 *
 * How they are kept: the first vnode of a component stays pinned in its parent's `props.children` (and
 * the vnode given to `render()` in the root's) for as long as that parent does not re-render. The
 * component re-renders on its own (it reads signals), and a child component that bails out of a render
 * shares its children array with its previous vnode, whose elements' parent pointers then lead to the
 * newest render. So the pinned first render reaches the next generation, that one the next, and so on:
 * every render stays reachable. Measured on a downloading page: 0.3 MiB of heap per second, 250 MiB by
 * the end of a 1 GiB download (e2e: page-memory.spec.ts).
 *
 * The cut: when a component renders new children (not a bail-out, which keeps the same array), the
 * children of its previous render are dead, and their parent pointers are cleared. Nothing reaches a
 * newer render from an old one any more, so an old render pins at most its own generation.
 *
 * It reads Preact's internal, mangled fields (`__c` component, `__k` children, `__` parent), as
 * @preact/signals does; page-memory.spec.ts fails if a Preact upgrade changes them.
 */

interface RenderedVNode {
  type: unknown;
  __c?: object | null;
  __k?: (RenderedVNode | null | undefined)[] | null;
  __?: RenderedVNode | null;
}

export function releaseOldRenders(options: Options): void {
  const lastChildren = new WeakMap<object, (RenderedVNode | null | undefined)[]>();
  const next = options.diffed;
  options.diffed = (vnode: VNode) => {
    const v = vnode as unknown as RenderedVNode;
    const component = v.__c;
    if (typeof v.type === 'function' && component && v.__k) {
      const previous = lastChildren.get(component);
      if (previous && previous !== v.__k) {
        for (const child of previous) {
          // A child carried over into the new render (same object) keeps its parent.
          if (child && child.__ !== v && !v.__k.includes(child)) child.__ = null;
        }
      }
      lastChildren.set(component, v.__k);
    }
    next?.(vnode);
  };
}
