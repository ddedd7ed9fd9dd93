import '@fontsource/noto-sans/400.css';
import '@fontsource/noto-sans/700.css';
import '@fontsource/vazirmatn/400.css';
import { mount } from 'svelte';
import './app.css';
import App from './App.svelte';
import { setUpMapLibre } from './lib/map/setup';

setUpMapLibre();

mount(App, { target: document.getElementById('app')! });
