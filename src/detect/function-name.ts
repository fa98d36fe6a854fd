// The name of the function a site is in, as a reader would call it: declarations, methods,
// `const name = async () => …`, `name: function () {}`; anonymous callbacks defer to their named container.
import { ts } from "ts-morph";

export function functionNameOf(fn: ts.Node): string | undefined {
  if ((ts.isFunctionDeclaration(fn) || ts.isFunctionExpression(fn)) && fn.name) return fn.name.text;
  if ((ts.isMethodDeclaration(fn) || ts.isGetAccessorDeclaration(fn) || ts.isSetAccessorDeclaration(fn)) && !ts.isComputedPropertyName(fn.name)) {
    const cls = fn.parent;
    const method = (fn.name as ts.Identifier | ts.StringLiteral).text;
    return ts.isClassLike(cls) && cls.name ? `${cls.name.text}.${method}` : method;
  }
  if (ts.isConstructorDeclaration(fn)) {
    const cls = fn.parent;
    return cls.name ? `${cls.name.text}.constructor` : "constructor";
  }
  if (ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) {
    const parent = fn.parent;
    if (parent && ts.isVariableDeclaration(parent) && ts.isIdentifier(parent.name)) return parent.name.text;
    if (parent && ts.isPropertyAssignment(parent) && !ts.isComputedPropertyName(parent.name)) return (parent.name as ts.Identifier).text;
    if (parent && ts.isPropertyDeclaration(parent) && !ts.isComputedPropertyName(parent.name)) {
      const cls = parent.parent;
      const name = (parent.name as ts.Identifier).text;
      return ts.isClassLike(cls) && cls.name ? `${cls.name.text}.${name}` : name;
    }
    if (parent && ts.isBinaryExpression(parent) && parent.right === fn) {
      const left = parent.left;
      if (ts.isIdentifier(left)) return left.text;
      if (ts.isPropertyAccessExpression(left)) return left.name.text;
    }
  }
  return undefined;
}

export function enclosingFunctionName(node: ts.Node): string | undefined {
  let current = node.parent;
  while (current) {
    if (ts.isFunctionLike(current)) {
      const name = functionNameOf(current);
      if (name) return name;
    }
    current = current.parent;
  }
  return undefined;
}
