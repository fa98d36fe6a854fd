// AWS SDK v3 (`client.send(new XCommand())`, aggregated clients) and v2 (`new AWS.S3().getObject().promise()`).
// DynamoDB is a database; every other service is an API.
import type { LibraryEntry } from "../catalog.js";

export const awsSdkLibrary: LibraryEntry = {
  name: "aws-sdk",
  kind: "api-call",
  modules: [/^@aws-sdk\/client-/, "@aws-sdk/lib-dynamodb", "@aws-sdk/lib-storage", "aws-sdk", /^aws-sdk\/clients\//],
  exports: { default: "v2", "*": "v2" },
  exportPattern: [
    { pattern: /(Command|Exception|Error|Input|Output|Paginator|Waiter)$/, role: "inert" },
    { pattern: /^DynamoDBDocumentClient$/, role: "documentClientClass" },
    { pattern: /^DynamoDBDocument$/, role: "documentAggregateClass" },
    { pattern: /Client$/, role: "v3ClientClass" },
    // @aws-sdk/lib-storage: new Upload({ client, params }).done() is a (multipart) S3 upload
    { pattern: /^Upload$/, role: "uploadClass" },
    { pattern: /^[A-Z][A-Za-z0-9]*$/, role: "v3AggregateClass" },
  ],
  roles: {
    inert: {},
    v3ClientClass: { construct: "v3Client", instance: "v3Client" },
    v3Client: { methods: { send: { op: "aws-command" }, destroy: { op: "unknown", sends: false } } },
    v3AggregateClass: { construct: "v3Aggregate", instance: "v3Aggregate" },
    v3Aggregate: { methods: { send: { op: "aws-command" } }, anyMethod: { op: "verb" } },
    documentClientClass: {
      methods: { from: { op: "unknown", returns: "v3Client", sends: false } },
      construct: "v3Client",
      instance: "v3Client",
    },
    documentAggregateClass: {
      methods: { from: { op: "unknown", returns: "v3Aggregate", sends: false } },
      construct: "v3Aggregate",
      instance: "v3Aggregate",
    },
    uploadClass: { construct: "upload", instance: "upload" },
    // on("httpUploadProgress", …) only listens; abort() ends what done() started
    upload: { methods: { done: { op: "write" } } },
    v2: { anyProp: "v2ServiceClass", propNamesModule: true },
    v2ServiceClass: { construct: "v2Service", instance: "v2Service", props: { DocumentClient: "v2ServiceClass" } },
    v2Service: { anyMethod: { op: "verb", returns: "v2Request" } },
    v2Request: { methods: { promise: { op: "unknown" }, send: { op: "unknown" } } },
  },
  moduleKinds: [
    { pattern: /dynamodb/i, name: "dynamodb", kind: "db-query" },
    { pattern: /^@aws-sdk\//, name: (m) => m },
    { pattern: /^aws-sdk\//, name: "aws-sdk" },
  ],
};
