import { hostileProviderMatrix } from './matrix.js'

hostileProviderMatrix('hono')
