curl -X POST https://api.vinr.com/v1/customers \
  -H "X-Api-Key: $VINR_SECRET_KEY" \
  -H "Idempotency-Key: key_7Qm2" \
  -d email=jenny@example.com

curl -X POST https://api.vinr.com/v1/customers \
  -H "X-Api-Key: $VINR_SECRET_KEY" \
  -H "Idempotency-Key: key_7Qm2" \
  -d email=jenny.rosen@example.com
