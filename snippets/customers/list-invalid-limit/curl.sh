curl "https://api.vinr.com/v1/customers?limit=200" \
  -H "X-Api-Key: $VINR_SECRET_KEY"
