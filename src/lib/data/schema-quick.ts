/**
 * A quick yes-or-no pass over a valibot schema: true only when valibot itself would find
 * no issue in the value. Validation asks it first and runs valibot only for the items it
 * does not pass, to get valibot's messages.
 *
 * Why: valibot answers every check with datasets, an output copy of every object and
 * array, and issue lists, which is right for saying what is wrong but costly for saying
 * nothing is: at 100,000 imported events its pass was 1.1–1.2 s of a 1.7 s import check
 * (Node). The test built here reads the same schema objects (their regexes, lengths,
 * options and check functions), so a rule is still declared once, in `schema.ts`.
 *
 * Every part is judged exactly as valibot's own code judges it (see each case). A part
 * this file does not know, or knows only in a form it cannot be sure of, is handed to
 * valibot whole, so the answer is always valibot's; it may only be slower.
 */
import type * as v from 'valibot';

/** Says whether a value passes. */
export type QuickTest = (value: unknown) => boolean;

/** Any valibot schema or action, as the cases below read it. */
interface Node {
  kind: string;
  type: string;
  '~run': (dataset: { typed?: boolean; value: unknown }, config: v.Config<v.BaseIssue<unknown>>) => { issues?: unknown };
  entries?: Record<string, Node>;
  item?: Node;
  wrapped?: Node;
  pipe?: Node[];
  options?: unknown[];
  key?: string;
  literal?: unknown;
  requirement?: unknown;
  default?: unknown;
  fallback?: unknown;
  quick?: QuickTest;
}

/** Every issue, as validation asks for them: the pass must run every check that valibot runs. */
const ALL: v.Config<v.BaseIssue<unknown>> = { abortEarly: false, abortPipeEarly: false };

const compiled = new WeakMap<object, QuickTest>();

/**
 * Gives a raw check (`v.rawCheck`) its own yes-or-no answer for the quick pass: `passes`
 * says whether the check would add no issue to a value its schema has typed. Without one,
 * the check is handed to valibot, whose datasets and issue callbacks cost a few tenths of
 * a microsecond a call (four calls a synthetic feature: its time, its two claims, its point).
 */
export function withQuickAnswer<A extends object>(check: A, passes: QuickTest): A {
  return Object.assign(check, { quick: passes });
}

/** The quick test of a schema, built once per schema object. */
export function quickTest(schema: v.GenericSchema): QuickTest {
  let test = compiled.get(schema);
  if (!test) {
    test = new Compiler().compile(schema as unknown as Node);
    compiled.set(schema, test);
  }
  return test;
}

/** The kinds of part a schema's quick test hands to valibot whole (for the tests: the common parts should need none). */
export function handedOver(schema: v.GenericSchema): string[] {
  const compiler = new Compiler();
  compiler.compile(schema as unknown as Node);
  return [...compiler.handedOver].sort();
}

const optionalTypes = new Set(['optional', 'exact_optional', 'nullish']);
const isOptional = (n: Node) => optionalTypes.has(n.type);

class Compiler {
  readonly handedOver = new Set<string>();

  /** valibot itself on this part: no issue means it passes. */
  byValibot(node: Node): QuickTest {
    this.handedOver.add(`${node.kind}:${node.type}`);
    return node.kind === 'schema' ? (value) => !node['~run']({ value }, ALL).issues : (value) => !node['~run']({ typed: true, value }, ALL).issues;
  }

  compile(node: Node): QuickTest {
    // A default or fallback makes valibot put a value in, which this pass cannot do.
    if (node.default !== undefined || node.fallback !== undefined) return this.byValibot(node);
    if (node.pipe) return this.compilePipe(node);
    switch (`${node.kind}:${node.type}`) {
      case 'schema:string':
        return (value) => typeof value === 'string';
      case 'schema:number':
        return (value) => typeof value === 'number' && !Number.isNaN(value);
      case 'schema:boolean':
        return (value) => typeof value === 'boolean';
      case 'schema:literal': {
        const literal = node.literal;
        // valibot compares with SameValueZero (NaN equals NaN).
        return (value) => value === literal || (Number.isNaN(literal) && Number.isNaN(value));
      }
      case 'schema:picklist': {
        const options = node.options as unknown[];
        return (value) => options.includes(value);
      }
      case 'schema:optional': {
        const wrapped = this.compile(node.wrapped!);
        return (value) => value === undefined || wrapped(value);
      }
      case 'schema:array': {
        const item = this.compile(node.item!);
        return (value) => {
          if (!Array.isArray(value)) return false;
          for (let i = 0; i < value.length; i++) if (!item(value[i])) return false;
          return true;
        };
      }
      case 'schema:object':
        return this.compileObject(node.entries!);
      case 'schema:variant':
        return this.compileVariant(node);
      case 'validation:regex': {
        const re = node.requirement as RegExp;
        // A global or sticky expression keeps state between tests; valibot's own call is then the safe one.
        if (re.global || re.sticky) return this.byValibot(node);
        return (value) => re.test(value as string);
      }
      case 'validation:min_length': {
        const min = node.requirement as number;
        return (value) => (value as { length: number }).length >= min;
      }
      case 'validation:max_length': {
        const max = node.requirement as number;
        return (value) => (value as { length: number }).length <= max;
      }
      case 'validation:gt_value': {
        const than = node.requirement;
        return (value) => (value as number) > (than as number);
      }
      case 'validation:raw_check':
        return node.quick ?? this.byValibot(node);
      case 'validation:finite':
      case 'validation:check': {
        const requirement = node.requirement as (value: unknown) => unknown;
        return (value) => !!requirement(value);
      }
      default:
        return this.byValibot(node);
    }
  }

  /**
   * A schema and its actions: valibot runs the actions only on a value the schema typed, and
   * with every issue asked for it runs them all, so the value passes when each part does.
   * Anything but validations after the schema (a transformation, a second schema) goes to valibot.
   */
  compilePipe(node: Node): QuickTest {
    const [first, ...actions] = node.pipe!.filter((n) => n.kind !== 'metadata');
    if (first.kind !== 'schema' || actions.some((a) => a.kind !== 'validation')) return this.byValibot(node);
    // The first part may be a pipe itself (a list of positions, then "the ring is closed").
    const tests = [this.compile(first), ...actions.map((a) => this.compile(a))];
    return (value) => {
      for (let i = 0; i < tests.length; i++) if (!tests[i](value)) return false;
      return true;
    };
  }

  /** valibot's object: any non-null object; each listed member present passes, each absent one is optional. Other members are not looked at. */
  compileObject(entries: Record<string, Node>): QuickTest {
    const members = Object.entries(entries).map(([key, node]) => ({ key, optional: isOptional(node), test: this.compile(node) }));
    return (value) => {
      if (!value || typeof value !== 'object') return false;
      const o = value as Record<string, unknown>;
      for (let i = 0; i < members.length; i++) {
        const m = members[i];
        // One lookup for the usual case; \`in\` only tells an absent member from one set to undefined.
        const member = o[m.key];
        if (member !== undefined) {
          if (!m.test(member)) return false;
        } else if (!m.optional && !(m.key in o && m.test(undefined))) return false;
      }
      return true;
    };
  }

  /**
   * valibot's variant, in the one form judged here: options that are objects, each with a
   * different literal under the key. Then exactly one option can match, and the value passes
   * when it does. Nested variants, or options that share a literal, go to valibot.
   */
  compileVariant(node: Node): QuickTest {
    const key = node.key!;
    const byLiteral = new Map<unknown, QuickTest>();
    for (const option of node.options as Node[]) {
      const discriminator = option.entries?.[key];
      if (option.type !== 'object' || option.pipe || discriminator?.type !== 'literal' || discriminator.pipe || byLiteral.has(discriminator.literal)) return this.byValibot(node);
      byLiteral.set(discriminator.literal, this.compileObject(option.entries!));
    }
    return (value) => {
      if (!value || typeof value !== 'object' || !(key in value)) return false;
      const test = byLiteral.get((value as Record<string, unknown>)[key]);
      return test !== undefined && test(value);
    };
  }
}
