curl "https://api.vinr.com/v1/customers?email=jenny.example.com" \
  -H "X-Api-Key: $VINR_SECRET_KEY"
