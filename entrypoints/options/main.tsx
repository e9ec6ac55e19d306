import { render } from 'preact';
import { followSystemTheme } from '@/lib/util/theme';
import { OptionsApp } from '@/components/options/OptionsApp';
import '@/components/theme.css';
import '@/components/page.css';
import './options.css';

followSystemTheme();

render(<OptionsApp />, document.getElementById('app')!);
