/** The JSON Schema of scenario files, generated from the zod schema (scenarios/scenario.schema.json). */
import { z } from 'zod';
import { scenarioSchema } from './schema.ts';

/** Pretty-printed JSON Schema text (draft 2020-12) of the scenario format, as the files accept it. */
export function scenarioJsonSchemaText(): string {
  const schema = z.toJSONSchema(scenarioSchema, { io: 'input', unrepresentable: 'any' });
  return `${JSON.stringify({ ...schema, title: 'exorepair scenario' }, null, 2)}\n`;
}
