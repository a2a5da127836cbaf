// React's rules of hooks as a local ESLint rule: eslint-plugin-react-hooks is not among the installed
// packages. A hook (a function named use…) may be called only at the top level of a component (a
// function named with a capital) or of another hook: never in a condition, a loop, a nested callback,
// after an early return, or outside any function. React relies on the call order being the same on
// every render; breaking it corrupts state silently.

const hookName = /^use[A-Z0-9]/;
const componentOrHookName = /^([A-Z]|use[A-Z0-9])/;
const functionTypes = new Set(['FunctionDeclaration', 'FunctionExpression', 'ArrowFunctionExpression']);
const conditionalTypes = new Set(['IfStatement', 'ConditionalExpression', 'SwitchCase', 'ForStatement', 'ForInStatement', 'ForOfStatement', 'WhileStatement', 'DoWhileStatement', 'TryStatement', 'CatchClause']);

function calleeName(callee) {
  if (callee.type === 'Identifier') return callee.name;
  if (callee.type === 'MemberExpression' && !callee.computed && callee.property.type === 'Identifier') return callee.property.name;
  return undefined;
}

function functionName(node) {
  if (node.type === 'FunctionDeclaration' && node.id) return node.id.name;
  const parent = node.parent;
  if (parent?.type === 'VariableDeclarator' && parent.id.type === 'Identifier') return parent.id.name;
  if (parent?.type === 'CallExpression') {
    // memo(function X() {}) / forwardRef((props) => …): the component is the outer binding.
    const outer = parent.parent;
    if (outer?.type === 'VariableDeclarator' && outer.id.type === 'Identifier') return outer.id.name;
  }
  return node.id?.name;
}

function containsReturn(node) {
  if (node === null || typeof node !== 'object') return false;
  if (node.type === 'ReturnStatement') return true;
  if (functionTypes.has(node.type)) return false;
  for (const [key, value] of Object.entries(node)) {
    if (key === 'parent') continue;
    if (Array.isArray(value) ? value.some(containsReturn) : value && typeof value.type === 'string' && containsReturn(value)) return true;
  }
  return false;
}

export const rulesOfHooks = {
  meta: {
    type: 'problem',
    docs: { description: "Enforces React's rules of hooks" },
    schema: [],
  },
  create(context) {
    return {
      CallExpression(node) {
        const name = calleeName(node.callee);
        if (name === undefined || !hookName.test(name)) return;
        let child = node;
        let statement = node;
        for (let current = node.parent; current; statement = child, child = current, current = current.parent) {
          if (current.type === 'LogicalExpression' && child === current.right) {
            context.report({ node, message: `React hook ${name} is called conditionally (after ${current.operator}): call hooks in the same order on every render.` });
            return;
          }
          if (conditionalTypes.has(current.type)) {
            context.report({ node, message: `React hook ${name} is called inside ${current.type}: call hooks at the top level, in the same order on every render.` });
            return;
          }
          if (functionTypes.has(current.type)) {
            const owner = functionName(current);
            if (owner === undefined || !componentOrHookName.test(owner)) {
              context.report({ node, message: `React hook ${name} is called in ${owner ?? 'an anonymous function'}, which is neither a component nor a hook.` });
              return;
            }
            const body = current.body.type === 'BlockStatement' ? current.body.body : [];
            const index = body.indexOf(statement);
            if (index > 0 && body.slice(0, index).some(containsReturn)) {
              context.report({ node, message: `React hook ${name} is called after an early return: some renders would skip it.` });
            }
            return;
          }
        }
        context.report({ node, message: `React hook ${name} is called outside a component.` });
      },
    };
  },
};

export default { rules: { 'rules-of-hooks': rulesOfHooks } };
