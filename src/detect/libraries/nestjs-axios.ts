// @nestjs/axios: NestJS's HttpService, injected into services (`constructor(private http: HttpService)`). Its
// verbs return Observables of axios responses; `axiosRef` is the underlying axios instance.
import { HTTP_READ_METHODS, HTTP_WRITE_METHODS, type LibraryEntry } from "../catalog.js";

export const nestjsAxiosLibrary: LibraryEntry = {
  name: "@nestjs/axios",
  kind: "api-call",
  modules: ["@nestjs/axios"],
  exports: { HttpService: "class" },
  roles: {
    class: { instance: "service" },
    service: {
      methods: { ...HTTP_READ_METHODS, ...HTTP_WRITE_METHODS, request: { op: "http-config" } },
      props: { axiosRef: "axios" },
    },
    axios: { call: { op: "http" }, methods: { ...HTTP_READ_METHODS, ...HTTP_WRITE_METHODS, request: { op: "http-config" } } },
  },
};
