// Finds every audit action the code can write, by reading the source: each call
// of audit(), auditUserEvent() and auditUserEventIn() and the action argument
// it passes. A literal, a ternary of literals, or a key of a same-file constant
// object of literals is read directly; anything else must be declared in
// FORWARDED below, so a new way of naming an action cannot slip past the
// table-driven audit test unnoticed.
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import ts from "typescript";
import { MAIL_FAILED_ACTION, MAIL_SENT_ACTION } from "@/lib/appointments/send-appointment-email";

/** Where the action argument sits, per audit writer. */
const ACTION_ARGUMENT: Record<string, number> = { audit: 2, auditUserEvent: 1, auditUserEventIn: 2 };

/** Calls that pass on an action chosen elsewhere: `file: expression` -> the actions it can carry. */
const FORWARDED: Record<string, readonly string[]> = {
  // auditUserEventIn writes the action its own callers name (scanned at their call sites).
  "lib/audit/audit-user-event.ts: action": [],
  "lib/appointments/send-appointment-email.ts: action": [...Object.values(MAIL_SENT_ACTION), ...Object.values(MAIL_FAILED_ACTION)],
};

export interface ActionSite {
  action: string;
  file: string;
  line: number;
}

const ROOTS = ["lib", "actions", "app"];
const SKIP = new Set(["lib/generated"]);

function sourceFiles(root: string, dir: string, into: string[]) {
  for (const name of readdirSync(path.join(root, dir))) {
    const relative = path.join(dir, name);
    if (SKIP.has(relative)) continue;
    if (statSync(path.join(root, relative)).isDirectory()) sourceFiles(root, relative, into);
    else if (/\.tsx?$/.test(name) && !name.endsWith(".d.ts")) into.push(relative);
  }
}

function constObjectValues(file: ts.SourceFile, name: string): string[] | null {
  let values: string[] | null = null;
  const visit = (node: ts.Node) => {
    if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.name.text === name && node.initializer) {
      const init = ts.isAsExpression(node.initializer) || ts.isSatisfiesExpression(node.initializer) ? node.initializer.expression : node.initializer;
      if (ts.isObjectLiteralExpression(init)) {
        const found = init.properties.map((p) => (ts.isPropertyAssignment(p) && ts.isStringLiteralLike(p.initializer) ? p.initializer.text : null));
        if (found.every((v): v is string => v !== null)) values = found;
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return values;
}

/** The initializer of the one `const name = ...` in the file, if there is exactly one. */
function constInitializer(file: ts.SourceFile, name: string): ts.Expression | null {
  const found: ts.Expression[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.name.text === name && node.initializer
      && ts.isVariableDeclarationList(node.parent) && (node.parent.flags & ts.NodeFlags.Const) !== 0) found.push(node.initializer);
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found.length === 1 ? found[0]! : null;
}

function actionsOf(expression: ts.Expression, file: ts.SourceFile, relative: string): string[] {
  if (ts.isStringLiteralLike(expression)) return [expression.text];
  if (ts.isParenthesizedExpression(expression)) return actionsOf(expression.expression, file, relative);
  if (ts.isConditionalExpression(expression)) {
    return [...actionsOf(expression.whenTrue, file, relative), ...actionsOf(expression.whenFalse, file, relative)];
  }
  if (ts.isIdentifier(expression)) {
    const initializer = constInitializer(file, expression.text);
    if (initializer) return actionsOf(initializer, file, relative);
  }
  if (ts.isElementAccessExpression(expression) && ts.isIdentifier(expression.expression)) {
    const values = constObjectValues(file, expression.expression.text);
    if (values) return values;
  }
  const key = `${relative}: ${expression.getText(file)}`;
  const forwarded = FORWARDED[key];
  if (!forwarded) throw new Error(`cannot tell which audit action "${key}" writes: declare it in FORWARDED (__tests__/support/audit-action-scan.ts)`);
  return [...forwarded];
}

/** Every (action, call site) in lib/, actions/ and app/. */
export function scanAuditActions(root = process.cwd()): ActionSite[] {
  const files: string[] = [];
  for (const dir of ROOTS) sourceFiles(root, dir, files);
  const sites: ActionSite[] = [];
  for (const relative of files) {
    const text = readFileSync(path.join(root, relative), "utf8");
    // Only audit() appends to the chain; a row written any other way has no action this scan could find.
    if (relative !== path.join("lib", "audit", "audit.ts") && /auditLog\.(create|createMany|upsert)\b|INSERT\s+INTO\s+"AuditLog"/i.test(text)) {
      throw new Error(`${relative} writes AuditLog rows without audit(): use audit() so the entry is chained and its action scanned`);
    }
    if (!/\baudit(UserEvent|UserEventIn)?\b/.test(text)) continue;
    const file = ts.createSourceFile(relative, text, ts.ScriptTarget.Latest, true, relative.endsWith(".tsx") ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
    const visit = (node: ts.Node) => {
      // An audit writer imported under another name would be invisible to this scan.
      if (ts.isImportSpecifier(node) && node.propertyName && node.propertyName.text in ACTION_ARGUMENT) {
        throw new Error(`${relative} imports ${node.propertyName.text} as ${node.name.text}: call it by its own name so the audit scan sees it`);
      }
      if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text in ACTION_ARGUMENT) {
        const argument = node.arguments[ACTION_ARGUMENT[node.expression.text]!];
        if (argument) {
          const line = file.getLineAndCharacterOfPosition(node.getStart(file)).line + 1;
          for (const action of actionsOf(argument, file, relative)) sites.push({ action, file: relative, line });
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(file);
  }
  return sites;
}
