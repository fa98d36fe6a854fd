// Every section of optimigrate.config.json, registered with the loader before any config is read:
// an unknown key is an error, so every command must know every section, whichever one runs.
import "./estimate/config.js";
import "./migrate/config.js";
import "./migrate/cache-wrap-config.js";
