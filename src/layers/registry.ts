import type { AnyLayerDef } from './define.js';

/** Layer types by name. Built-ins come from `index.ts`; plugins extend a copy the same way. */
export class Registry {
  private readonly byType = new Map<string, AnyLayerDef>();

  constructor(defs: readonly AnyLayerDef[] = []) {
    for (const def of defs) this.add(def);
  }

  add(def: AnyLayerDef): void {
    if (this.byType.has(def.type)) throw new Error(`layer type ${def.type} is already registered`);
    this.byType.set(def.type, def);
  }

  get(type: string): AnyLayerDef | undefined {
    return this.byType.get(type);
  }

  get types(): string[] {
    return [...this.byType.keys()];
  }

  get defs(): AnyLayerDef[] {
    return [...this.byType.values()];
  }
}
