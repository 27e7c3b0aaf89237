import type { Principal } from './principal.ts';

/** A principal plus, for sales reps, the owner record they act as (their own leads and deals). */
export interface Actor {
  principal: Principal;
  ownerId?: string;
}
