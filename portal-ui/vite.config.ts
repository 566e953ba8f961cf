import { rapportViteConfig } from '../ui-shared/build/vite-config';

// Served by the core at /.
export default rapportViteConfig({ base: '/', port: 5174 });
