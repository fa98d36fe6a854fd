// Which Mongoose or Sequelize model, or MongoDB collection, a query works on, named so that the file that reads it
// and the file that writes it agree: `mongoose:user` for `User.find()`, `this.userModel.updateOne()` under
// `@InjectModel(User.name)`, `new User(…).save()`; `sequelize:user` for `User.findAll()`; `mongodb:users` for
// `db.collection("users").find()`.
import { ts } from "ts-morph";
import { skipOuter } from "../detect/bindings.js";
import { calledName, findDeclaration } from "./scope.js";
import { stringValue } from "./static-strings.js";

const MAX_DEPTH = 4;

/** `mongoose:user`, or undefined when the syntax does not name the model. */
export function mongooseModelOf(call: ts.Node): string | undefined {
  return modelKey(call, "mongoose");
}

/**
 * `sequelize:user` for `User.findAll()`, `User.scope("x").findOne()`, `user.save()` of a fetched instance, a model
 * of `sequelize.define("User", …)` or `class User extends Model`: named the same way as Mongoose models.
 */
export function sequelizeModelOf(call: ts.Node): string | undefined {
  return modelKey(call, "sequelize");
}

function modelKey(call: ts.Node, library: string): string | undefined {
  const name = modelName(chainRoot(call), 0);
  const key = name?.replace(/(?<=.)model$/i, "").toLowerCase();
  // `this.model` of a generic base repository names no model: it would match every other one
  return key && key !== "model" ? `${library}:${key}` : undefined;
}

/** `mongodb:users`, or undefined when no `.collection("…")` says which collection. */
export function mongoCollectionOf(call: ts.Node, depth = 0): string | undefined {
  let e = call as ts.Expression;
  for (;;) {
    e = outer(e);
    if (!ts.isCallExpression(e)) break;
    const callee = skipOuter(e.expression);
    if (!ts.isPropertyAccessExpression(callee) && !ts.isElementAccessExpression(callee)) return undefined;
    if (ts.isPropertyAccessExpression(callee) && callee.name.text === "collection" && e.arguments[0]) {
      const name = stringValue(e.arguments[0]);
      return name ? `mongodb:${name.toLowerCase()}` : undefined;
    }
    e = callee.expression;
  }
  // `const users = db.collection("users")`, `this.users = db.collection("users")`
  const init = depth < MAX_DEPTH ? initializerOf(e) : undefined;
  return init && mongoCollectionOf(init, depth + 1);
}

function outer(e: ts.Expression): ts.Expression {
  for (;;) {
    e = skipOuter(e);
    if (!ts.isAwaitExpression(e)) return e;
    e = e.expression;
  }
}

/**
 * What a chain of calls starts from: `User` of `User.find().lean()`, `this.userModel` of `this.userModel.find()`,
 * `mongoose.model("User")` of `mongoose.model("User").find()`; undefined when it starts with a function's result.
 */
function chainRoot(node: ts.Node): ts.Expression | undefined {
  let e = node as ts.Expression;
  for (;;) {
    e = outer(e);
    if (!ts.isCallExpression(e) || definedModelName(e) !== undefined) return e;
    const callee = skipOuter(e.expression);
    if (!ts.isPropertyAccessExpression(callee) && !ts.isElementAccessExpression(callee)) return undefined;
    e = callee.expression;
  }
}

/** `model("User", schema)`, `mongoose.model<IUser>("User", schema)`, Sequelize's `sequelize.define("User", attrs)`: "User". */
function definedModelName(e: ts.Expression): string | undefined {
  if (!ts.isCallExpression(e) || !e.arguments[0]) return undefined;
  const callee = skipOuter(e.expression);
  const name = calledName(callee);
  return name === "model" || (name === "define" && ts.isPropertyAccessExpression(callee)) ? stringValue(e.arguments[0]) : undefined;
}

/**
 * The model's name: the one `model("User", …)` gives it where visible; for `@InjectModel(User.name)` the `User`;
 * otherwise the name the file binds it to, as exported (`import { UserModel as M }` is `UserModel`), so that
 * files importing the same model agree. A document (`new User(…)`, `await User.findById(…)`) is its model's.
 */
function modelName(e: ts.Expression | undefined, depth: number): string | undefined {
  if (!e || depth > MAX_DEPTH) return undefined;
  e = outer(e);
  if (ts.isCallExpression(e)) return definedModelName(e);
  if (ts.isNewExpression(e)) return modelName(e.expression, depth + 1);
  if (ts.isPropertyAccessExpression(e)) {
    if (e.expression.kind === ts.SyntaxKind.ThisKeyword) return memberModelName(e, depth);
    return e.name.text === "default" ? undefined : e.name.text; // mongoose.models.User, db.User
  }
  if (ts.isElementAccessExpression(e)) return stringValue(e.argumentExpression);
  if (!ts.isIdentifier(e)) return undefined;
  const decl = findDeclaration(e);
  const parent = decl?.parent;
  if (!decl || !parent) return undefined;
  if (ts.isImportSpecifier(parent)) return (parent.propertyName ?? parent.name).text;
  // `class User extends Model` (Sequelize, sequelize-typescript)
  if (ts.isClassDeclaration(parent) && parent.name === decl) return decl.text;
  if (ts.isImportClause(parent) || ts.isNamespaceImport(parent)) return decl.text;
  // `const { User } = require("../models")`; not a destructured parameter, which may hold anything
  if (ts.isBindingElement(parent)) {
    const key = parent.propertyName ?? parent.name;
    return ts.isIdentifier(key) && ts.isVariableDeclaration(ts.walkUpBindingElementsAndPatterns(parent)) ? key.text : undefined;
  }
  // a parameter whose declared type names the model: `setEmail(user: User, …)`, `(doc: UserDocument)`
  if (ts.isParameter(parent) && parent.name === decl) return typeModelName(parent.type);
  // functions, loop variables (`for (const doc of docs)`): the syntax does not say
  if (!ts.isVariableDeclaration(parent) || !parent.initializer) return undefined;
  return initializedModelName(parent.initializer, decl.text, depth);
}

function typeModelName(type: ts.TypeNode | undefined): string | undefined {
  if (!type || !ts.isTypeReferenceNode(type) || type.typeArguments?.length) return undefined;
  const name = ts.isIdentifier(type.typeName) ? type.typeName.text : type.typeName.right.text;
  return name.replace(/(?<=.)(Document|Instance)$/, "");
}

function initializedModelName(init: ts.Expression, declared: string, depth: number): string | undefined {
  const e = outer(init);
  const defined = definedModelName(e);
  if (defined) return defined;
  // mongoose.models.User || mongoose.model("User", schema)
  if (ts.isBinaryExpression(e) && (e.operatorToken.kind === ts.SyntaxKind.BarBarToken || e.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken)) {
    return definedModelName(outer(e.right)) ?? initializedModelName(e.left, declared, depth + 1);
  }
  if (ts.isCallExpression(e) && ts.isIdentifier(e.expression) && e.expression.text === "require") return declared;
  if (ts.isCallExpression(e) || ts.isNewExpression(e) || ts.isIdentifier(e) || ts.isPropertyAccessExpression(e)) return modelName(chainRoot(e), depth + 1);
  return undefined;
}

/** `this.userModel`: `@InjectModel(User.name)` on the field says `User`; else its initializer, else its name. */
function memberModelName(e: ts.PropertyAccessExpression, depth: number): string | undefined {
  const member = classMember(e);
  for (const decorator of (member && ts.getDecorators(member)) ?? []) {
    const call = decorator.expression;
    if (!ts.isCallExpression(call) || !ts.isIdentifier(call.expression) || call.expression.text !== "InjectModel" || !call.arguments[0]) continue;
    const arg = skipOuter(call.arguments[0]);
    if (ts.isPropertyAccessExpression(arg) && arg.name.text === "name" && ts.isIdentifier(arg.expression)) return arg.expression.text;
    return stringValue(arg);
  }
  const init = initializerOf(e);
  return init ? initializedModelName(init, e.name.text, depth + 1) : e.name.text;
}

function enclosingClass(node: ts.Node): ts.ClassLikeDeclaration | undefined {
  let cls: ts.Node | undefined = node.parent;
  while (cls && !ts.isClassLike(cls)) cls = cls.parent;
  return cls;
}

/** The field or constructor parameter property `this.<name>` of the enclosing class declares. */
function classMember(e: ts.PropertyAccessExpression): ts.PropertyDeclaration | ts.ParameterDeclaration | undefined {
  const name = e.name.text;
  for (const m of enclosingClass(e)?.members ?? []) {
    if (ts.isPropertyDeclaration(m) && ts.isIdentifier(m.name) && m.name.text === name) return m;
    if (ts.isConstructorDeclaration(m)) {
      const p = m.parameters.find((p) => ts.isIdentifier(p.name) && p.name.text === name && ts.getModifiers(p)?.length);
      if (p) return p;
    }
  }
  return undefined;
}

/** `this.<name> = …` in the class's constructor. */
function constructorAssignment(cls: ts.ClassLikeDeclaration, name: string): ts.Expression | undefined {
  const ctor = cls.members.find(ts.isConstructorDeclaration);
  for (const statement of ctor?.body?.statements ?? []) {
    if (!ts.isExpressionStatement(statement)) continue;
    const e = statement.expression;
    if (ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.EqualsToken && ts.isPropertyAccessExpression(e.left) && e.left.expression.kind === ts.SyntaxKind.ThisKeyword && e.left.name.text === name) return e.right;
  }
  return undefined;
}

/** The value an identifier or `this.<field>` was initialised with in this file. */
function initializerOf(e: ts.Expression): ts.Expression | undefined {
  if (ts.isIdentifier(e)) {
    const parent = findDeclaration(e)?.parent;
    return parent && ts.isVariableDeclaration(parent) && parent.name.kind === ts.SyntaxKind.Identifier ? parent.initializer : undefined;
  }
  if (!ts.isPropertyAccessExpression(e) || e.expression.kind !== ts.SyntaxKind.ThisKeyword) return undefined;
  const member = classMember(e);
  if (member && ts.isPropertyDeclaration(member) && member.initializer) return member.initializer;
  const cls = enclosingClass(e);
  return cls && constructorAssignment(cls, e.name.text);
}
