export const E2E_API_KEY = "e2e-shop-api-key-0123456789abcdef";
