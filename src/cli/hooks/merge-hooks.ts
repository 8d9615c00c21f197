// Merging one `hooks` block into another without repeats: a hook already present under the same
// event and matcher (same type, command and timeout) is skipped; new ones join the group with the
// same matcher, or a new group at the end of the event's list.

export interface HookEntry {
  type: string;
  command?: string;
  timeout?: number;
  [key: string]: unknown;
}
export interface HookGroup {
  matcher?: string;
  hooks: HookEntry[];
  [key: string]: unknown;
}
export type HooksBlock = Record<string, HookGroup[]>;

function sameHook(a: HookEntry, b: HookEntry): boolean {
  return a.type === b.type && a.command === b.command && a.timeout === b.timeout;
}

/** `into` with `from` added; `added` holds what was new (same shape). Neither input is changed. */
export function mergeHooks(
  into: HooksBlock | undefined,
  from: HooksBlock,
): { hooks: HooksBlock; added: HooksBlock } {
  const hooks: HooksBlock = structuredClone(into ?? {});
  const added: HooksBlock = {};
  for (const [event, groups] of Object.entries(from)) {
    const target = hooks[event] ?? [];
    hooks[event] = target;
    for (const group of groups) {
      const matcher = group.matcher ?? "";
      let existing = target.find((g) => (g.matcher ?? "") === matcher);
      const fresh = group.hooks.filter((h) => !existing?.hooks.some((e) => sameHook(e, h)));
      if (fresh.length === 0) continue;
      if (!existing) {
        existing = { ...structuredClone(group), hooks: [] };
        target.push(existing);
      }
      existing.hooks.push(...structuredClone(fresh));
      added[event] = [...(added[event] ?? []), { matcher, hooks: fresh }];
    }
    if (target.length === 0) delete hooks[event];
  }
  return { hooks, added };
}
