import type { TenantScope } from '../auth/tenant-scope';
import type { TaskmasterConfig } from '../config/schema';
import { orchestrationTaskQueue } from '../config/task-queues';
import { TenantAttribute } from '../contracts/search-attributes';

type Field = string | { readonly name: string };
type Value = string | number | boolean | Date;

const fieldName = (field: Field): string => (typeof field === 'string' ? field : field.name);

/** A value as a visibility query literal: strings and times quoted, with quotes and backslashes escaped. */
function literal(value: Value): string {
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  const text = value instanceof Date ? value.toISOString() : value;
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/**
 * The one builder of Temporal visibility queries: every value is quoted here, so a value from a request can never
 * change the query's meaning. Immutable: each method returns a new query. A clause whose value is undefined is
 * left out, which is how optional filters read.
 */
export class VisibilityQuery {
  private constructor(private readonly clauses: readonly string[]) {}

  static all(): VisibilityQuery {
    return new VisibilityQuery([]);
  }

  equals(field: Field, value: Value | undefined): VisibilityQuery {
    return value === undefined ? this : this.with(`${fieldName(field)} = ${literal(value)}`);
  }

  notEquals(field: Field, value: Value): VisibilityQuery {
    return this.with(`${fieldName(field)} != ${literal(value)}`);
  }

  atLeast(field: Field, value: Value | undefined): VisibilityQuery {
    return value === undefined ? this : this.with(`${fieldName(field)} >= ${literal(value)}`);
  }

  /** Strictly below: with atLeast, a half-open interval [from, to), so that adjacent buckets never count a run twice. */
  below(field: Field, value: Value | undefined): VisibilityQuery {
    return value === undefined ? this : this.with(`${fieldName(field)} < ${literal(value)}`);
  }

  atMost(field: Field, value: Value | undefined): VisibilityQuery {
    return value === undefined ? this : this.with(`${fieldName(field)} <= ${literal(value)}`);
  }

  /** A Keyword (WorkflowId, a Keyword search attribute) that starts with `prefix` (STARTS_WITH, server 1.23 and later). */
  startsWith(field: Field, prefix: string): VisibilityQuery {
    return this.with(`${fieldName(field)} STARTS_WITH ${literal(prefix)}`);
  }

  oneOf(field: Field, values: readonly Value[]): VisibilityQuery {
    return this.with(`${fieldName(field)} IN (${values.map(literal).join(', ')})`);
  }

  /**
   * Any of the alternatives holds: `((a1 AND a2) OR (b1))`, ANDed with this query's clauses. Temporal's list filter
   * takes OR and parentheses on every visibility store (SQL and Elasticsearch). Each alternative needs a clause.
   */
  anyOf(alternatives: readonly VisibilityQuery[]): VisibilityQuery {
    if (alternatives.length === 0 || alternatives.some((alternative) => alternative.clauses.length === 0)) {
      throw new Error('anyOf: every alternative needs at least one clause');
    }
    return this.with(`(${alternatives.map((alternative) => `(${alternative.toString()})`).join(' OR ')})`);
  }

  /** The query's text, as `client.workflow.list/count` and batch operations take it. */
  toString(): string {
    return this.clauses.join(' AND ');
  }

  /** The field has no value (a search attribute never set on the run). */
  isNull(field: Field): VisibilityQuery {
    return this.with(`${fieldName(field)} IS NULL`);
  }

  /**
   * Only the work of the tenant scope: the tenant walls, applied server-side. A tenant's runs carry its name in
   * TaskmasterTenant; work submitted without a tenant carries none.
   */
  within(scope: TenantScope): VisibilityQuery {
    switch (scope.kind) {
      case 'every-tenant':
        return this;
      case 'tenant':
        return this.equals(TenantAttribute, scope.tenant);
      case 'no-tenant':
        return this.isNull(TenantAttribute);
    }
  }

  /** The text of a count grouped by one field (only ExecutionStatus is supported by the server). */
  groupedBy(field: Field): string {
    return `${this.toString()} GROUP BY ${fieldName(field)}`;
  }

  private with(clause: string): VisibilityQuery {
    return new VisibilityQuery([...this.clauses, clause]);
  }
}

/** Workflows of this deployment (its orchestration queue) of the given types. */
export function deploymentWorkflows(config: TaskmasterConfig, ...workflowTypes: readonly [string, ...string[]]): VisibilityQuery {
  const query =
    workflowTypes.length === 1
      ? VisibilityQuery.all().equals('WorkflowType', workflowTypes[0])
      : VisibilityQuery.all().oneOf('WorkflowType', workflowTypes);
  return query.equals('TaskQueue', orchestrationTaskQueue(config));
}
