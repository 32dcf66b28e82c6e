/**
 * A whole app + engine in its own process, for the crash test (tests/integration/workflow-engine-crash.test.ts):
 * `tsx tests/support/engine-child.ts <databaseUrl> <logFile>`. Every step execution appends a line
 * to the log file, so the parent can count executions across a SIGKILL of this process group.
 */
import { appendFileSync } from "node:fs";
import { startHarness, testClient, type Harness } from "./engine-harness";

const [databaseUrl, logFile] = process.argv.slice(2);
let harness: Harness | undefined;
const client = testClient("crash", () => harness?.port ?? 0);
const note = (line: string) => appendFileSync(logFile, `${line}\n`);

const sleeper = client.createFunction(
  { id: "sleeper", triggers: [{ event: "test/crash" }] },
  async ({ event, step }) => {
    await step.run("before", () => note(`before ${event.data.n}`));
    await step.sleepUntil("until-deadline", new Date(Number(event.data.until)));
    await step.run("escalate", () => note(`escalate ${event.data.n} ${Date.now()}`));
    return "done";
  },
);

async function main() {
  harness = await startHarness({ client, functions: [sleeper], connectionString: databaseUrl });
  harness.startEngine();
  note(`ready ${harness.port}`);
}

void main();
