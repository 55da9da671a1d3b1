// A child process for basic_config_test.ts: basicConfig() with the options
// in argv[2] (JSON), then one record below and one at the level.
import process from "node:process";
import { basicConfig, type BasicConfigOptions, getLogger } from "../../mod.ts";

const options = JSON.parse(process.argv[2] as string) as BasicConfigOptions;
await basicConfig(options);
getLogger("app").debug("hidden");
getLogger("app.http").warn("shown", { port: 8080 });
