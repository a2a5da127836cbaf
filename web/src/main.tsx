import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app.js';
import { SignInPage } from './sign-in/sign-in-page.js';
import './styles.css';

const root = document.getElementById('root');
if (root === null) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    {window.location.pathname === '/sign-in' ? <SignInPage /> : <App />}
  </StrictMode>,
);
