import type { InvestigationDefinition } from '../definition-schema';

/** A shipped template as GET /v1/templates and the GraphQL `templates` query show it: its steps without their details. */
export function templateViewOf(template: InvestigationDefinition) {
  return {
    name: template.name,
    version: template.version,
    description: template.description,
    inputSchema: template.inputSchema,
    steps: template.steps.map((step) => ({
      name: step.name,
      ...(step.use === undefined ? { agent: step.agent, action: step.action } : { use: step.use }),
      dependsOn: step.dependsOn,
      ...(step.when === undefined ? {} : { when: step.when }),
    })),
  };
}
export type TemplateView = ReturnType<typeof templateViewOf>;
