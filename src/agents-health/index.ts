/** Agent health: per agent type its workers (from Temporal's worker heartbeats) and a healthStatus with reasons. */
export { agentHealth, agentsHealth } from './agents-health-service';
export { assessAgent, type AgentHealth, type AgentWorker, type HealthStatus } from './agent-health';
