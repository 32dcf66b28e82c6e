export const E2E_API_KEY = "e2e-shop-api-key-0123456789abcdef";
export const E2E_STAFF_PASSWORD = "e2e-staff-password-42";
export const E2E_METRICS_TOKEN = "e2e-metrics-token-0123456789abcdef";
