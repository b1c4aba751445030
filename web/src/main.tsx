// Entry: styles, then the app into #app.
import 'uplot/dist/uPlot.min.css';
import './styles/tokens.css';
import './styles/base.css';
import './styles/layout.css';
import './styles/controls.css';
import './styles/overview.css';
import './styles/panels.css';
import './styles/goals.css';
import './styles/pages.css';
import './styles/focus.css';
import './styles/account.css';
import { render } from 'preact';
import { App } from './app.tsx';

render(<App />, document.getElementById('app')!);
