import { mountApp } from '@rapport/ui-shared';
import { router } from './router';

mountApp(router);
