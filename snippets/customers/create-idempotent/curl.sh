curl -X POST https://api.vinr.com/v1/customers \
  -H "X-Api-Key: $VINR_SECRET_KEY" \
  -H "Idempotency-Key: 5f1c2a9e-signup-jenny" \
  -d email=jenny@example.com \
  -d name="Jenny Rosen"
