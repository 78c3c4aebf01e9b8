import { hostileProviderMatrix } from './matrix.js'

hostileProviderMatrix('fastify')
