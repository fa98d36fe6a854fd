// The name of a function the analysis cannot see into, as a hint that it changes something (loops, awaits, cache-wrap).
import { describe, expect, it } from "vitest";
import { namedLikeAWrite } from "../../src/detect/operation.js";

describe("namedLikeAWrite", () => {
  it.each([
    "updateDefaultStrategy", "batchDelete", "incrementDocumentId", "trackEvent", "track", "sendWelcomeEmail", "notifyOwner", "publishEvent",
    "enqueueJob", "markAsRead", "registerUser", "invalidateSession", "revokeToken", "recordAudit", "loadAndActivate",
    "findOrCreate", "fetchAndSave", "getOrInsert", "consume", "acquireLock", "addTags", "setTags", "removeTags", "updateMarkdown", "setPrefix", "createRecord", "createList", "createShortUrlRecord",
    "writeFile", "deactivateWorkflow", "archiveProject", "cancelSubscription", "installPackage", "syncPlans", "createWorkspaceDBSchema", "createDBSchema",
  ])("%s says it writes", (name) => {
    expect(namedLikeAWrite(name)).toBe(true);
  });
  it.each(["getUser", "findMany", "loadMessages", "fetchAndParse", "createClient", "createS3Service", "markdownToHtml", "trackingUrl", "storeName", "readAndSort", "getOrDefault", "getOrCreateClient", "send", "removeTrailingSlash", "stripHtml", "createMongoAbility", "createArrayFromCommaDelineated", "createInsertSchema", "writable", "movement", "cancellable", "migrateRampScheduleEndCondition"])(
    "%s does not",
    (name) => {
      expect(namedLikeAWrite(name)).toBe(false);
    },
  );
});
