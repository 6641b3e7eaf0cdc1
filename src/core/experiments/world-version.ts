/** A recorded world version (src/core/tasks/version.ts's WORLD_VERSIONS), for every schema that stores one. */
import { z } from 'zod';

export const WorldVersionSchema = z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)]);
