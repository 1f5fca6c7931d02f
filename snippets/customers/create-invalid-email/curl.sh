curl -X POST https://api.vinr.com/v1/customers \
  -H "X-Api-Key: $VINR_SECRET_KEY" \
  -d email=jenny.example.com
