import { rapportViteConfig } from '../ui-shared/build/vite-config';

// Served by the core at /admin/.
export default rapportViteConfig({ base: '/admin/', port: 5173 });
