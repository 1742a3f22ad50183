// text/template's executor (text/template/exec.go) with kubectl's options (missingkey=default):
// a parsed template run against an object, failing with Go's `executing "output" at <NODE>` texts.
import { FUNCS, goPrint, isMap, truth } from './funcs.js';
import { parse, TemplateError, type Arg, type At, type Cmd, type Node, type Pipe } from './parse.js';

type Scope = { vars: [string, unknown][] };

/** An execution error at a node: the message is completed with the node's line, column and text. */
class Located extends Error {
  constructor(
    readonly at: At,
    message: string,
  ) {
    super(message);
  }
}

class Exec {
  out = '';
  constructor(private readonly src: string) {}

  /** Fields of a value decoded from JSON: every value is an `interface {}` to Go. */
  field(recv: unknown, path: string[], at: At): unknown {
    let v = recv;
    for (const p of path) {
      if (isMap(v)) v = Object.hasOwn(v, p) ? v[p] : undefined;
      else if (v === undefined) return undefined;
      else if (v === null) throw new Located(at, `nil pointer evaluating interface {}.${p}`);
      else throw new Located(at, `can't evaluate field ${p} in type interface {}`);
    }
    return v;
  }

  /** `template: output:LINE:COL: executing "output" at <NODE>: MESSAGE` (text/template's ErrorContext). */
  located(e: Located): TemplateError {
    const before = this.src.slice(0, e.at.pos);
    const nl = before.lastIndexOf('\n');
    const line = (before.match(/\n/g) ?? []).length + 1;
    return new TemplateError(`template: output:${line}:${nl < 0 ? e.at.pos : e.at.pos - nl - 1}: executing "output" at <${e.at.text}>: ${e.message}`);
  }

  lookup(scope: Scope, name: string, at: At): unknown {
    for (let i = scope.vars.length - 1; i >= 0; i--) if (scope.vars[i][0] === name) return scope.vars[i][1];
    throw new Located(at, `undefined variable: ${name}`);
  }

  arg(a: Arg, dot: unknown, scope: Scope): unknown {
    switch (a.t) {
      case 'dot':
        return dot;
      case 'nil':
        return null;
      case 'lit':
        return a.value;
      case 'field':
        return this.field(a.recv ? this.arg(a.recv, dot, scope) : dot, a.path, a.at);
      case 'var':
        return this.field(this.lookup(scope, a.name, a.at), a.path, a.at);
      case 'pipe':
        return this.pipe(a.pipe, dot, scope);
      case 'ident':
        return this.call({ args: [a], at: a.at }, dot, scope);
    }
  }

  /** A function call; in a pipeline the previous command's value is the last argument. */
  call(cmd: Cmd, dot: unknown, scope: Scope, piped?: { value: unknown }): unknown {
    const [head, ...args] = cmd.args as [Extract<Arg, { t: 'ident' }>, ...Arg[]];
    const vals = args.map((x) => this.arg(x, dot, scope));
    if (piped) vals.push(piped.value);
    try {
      return FUNCS[head.name](...vals);
    } catch (e) {
      throw new Located(cmd.at, `error calling ${head.name}: ${(e as Error).message.replace(/^error calling \w+: /, '')}`);
    }
  }

  command(cmd: Cmd, dot: unknown, scope: Scope, piped: boolean, prev: unknown): unknown {
    const [head, ...rest] = cmd.args;
    if (head.t === 'ident') return this.call(cmd, dot, scope, piped ? { value: prev } : undefined);
    if (rest.length || piped) throw new Located(cmd.at, `can't give argument to non-function ${cmd.args[0] && 'at' in head ? head.at.text : ''}`);
    return this.arg(head, dot, scope);
  }

  pipe(p: Pipe, dot: unknown, scope: Scope): unknown {
    let v: unknown;
    p.cmds.forEach((cmd, i) => (v = this.command(cmd, dot, scope, i > 0, v)));
    if (p.decl.length === 1) {
      if (p.assign) this.setVar(scope, p.decl[0], v);
      else scope.vars.push([p.decl[0], v]);
    }
    return v;
  }

  setVar(scope: Scope, name: string, v: unknown): void {
    for (let i = scope.vars.length - 1; i >= 0; i--)
      if (scope.vars[i][0] === name) {
        scope.vars[i][1] = v;
        return;
      }
    throw new TemplateError(`template: output: undefined variable: ${name}`);
  }

  run(nodes: Node[], dot: unknown, scope: Scope): void {
    for (const n of nodes) {
      const mark = scope.vars.length;
      this.node(n, dot, scope);
      if (n.t !== 'action') scope.vars.length = mark;
    }
  }

  node(n: Node, dot: unknown, scope: Scope): void {
    switch (n.t) {
      case 'text':
        this.out += n.text;
        return;
      case 'action': {
        const v = this.pipe(n.pipe, dot, scope);
        if (!n.pipe.decl.length) this.out += goPrint(v);
        return;
      }
      case 'if':
      case 'with': {
        const mark = scope.vars.length;
        const v = this.pipe(n.pipe, dot, scope);
        if (truth(v)) this.run(n.body, n.t === 'with' ? v : dot, scope);
        else if (n.else) this.run(n.else, dot, scope);
        scope.vars.length = mark;
        return;
      }
      case 'range': {
        const mark = scope.vars.length;
        const pipe = { ...n.pipe, decl: [] };
        const v = this.pipe(pipe, dot, scope);
        const entries: [unknown, unknown][] = Array.isArray(v)
          ? v.map((x, i) => [i, x])
          : isMap(v)
            ? Object.keys(v)
                .sort()
                .map((k) => [k, v[k]])
            : typeof v === 'number' && Number.isInteger(v)
              ? Array.from({ length: Math.max(0, v) }, (_, i) => [i, i])
              : v === undefined || v === null
                ? []
                : (() => {
                    throw new Located(n.pipe.cmds[0].at, `range can't iterate over ${goPrint(v)}`);
                  })();
        if (!entries.length) {
          if (n.else) this.run(n.else, dot, scope);
          return;
        }
        for (const [k, x] of entries) {
          if (n.pipe.decl.length === 1) scope.vars.push([n.pipe.decl[0], x]);
          else if (n.pipe.decl.length === 2) scope.vars.push([n.pipe.decl[0], k], [n.pipe.decl[1], x]);
          this.run(n.body, x, scope);
          scope.vars.length = mark;
        }
        return;
      }
    }
  }
}

/** Parse once, then execute against `data` (the object, or a List of them). */
export function goTemplate(src: string): (data: unknown) => string {
  const nodes = parse(src);
  return (data) => {
    const ex = new Exec(src);
    try {
      ex.run(nodes, data, { vars: [['$', data]] });
    } catch (e) {
      if (e instanceof Located) throw ex.located(e);
      throw e;
    }
    return ex.out;
  };
}
