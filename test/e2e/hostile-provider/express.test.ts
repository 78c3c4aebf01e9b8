import { hostileProviderMatrix } from './matrix.js'

hostileProviderMatrix('express')
