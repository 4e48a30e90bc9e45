// undici's Agent module on its own (see undici-transport.ts): undici ships no types for the path.
declare module 'undici/lib/dispatcher/agent.js' {
  import type { Agent } from 'undici';
  const AgentClass: typeof Agent;
  export default AgentClass;
}
