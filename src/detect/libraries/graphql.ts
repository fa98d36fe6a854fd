// GraphQL clients: graphql-request and @apollo/client.
import type { LibraryEntry } from "../catalog.js";

export const graphqlRequestLibrary: LibraryEntry = {
  name: "graphql-request",
  kind: "api-call",
  modules: ["graphql-request"],
  exports: { request: "request", rawRequest: "request", default: "request", GraphQLClient: "class" },
  roles: {
    request: { call: { op: "graphql" } },
    class: { construct: "client", instance: "client" },
    client: { methods: { request: { op: "graphql" }, rawRequest: { op: "graphql" }, batchRequests: { op: "read" } } },
  },
};

export const apolloLibrary: LibraryEntry = {
  name: "@apollo/client",
  kind: "api-call",
  modules: ["@apollo/client", "@apollo/client/core", "apollo-client", "apollo-boost"],
  exports: { ApolloClient: "class", default: "class" },
  roles: {
    class: { construct: "client", instance: "client" },
    client: {
      methods: {
        query: { op: "read" },
        mutate: { op: "write" },
        refetchQueries: { op: "read" },
        subscribe: { op: "read" },
      },
    },
  },
};
